package org.idnet.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.idnet.client.FakeIdnet.Answer;
import org.idnet.client.imports.AccountImport;
import org.idnet.client.imports.BatchReceipt;
import org.idnet.client.imports.ImportLine;
import org.idnet.client.imports.ImportStatus;
import org.idnet.client.imports.LineRefusal;
import org.idnet.client.imports.RefusalPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bulk-import calls against a scripted idnet: what they send, what they read, which they repeat. */
class ImportCallsTest {

  static final String IMPORT = "{\"id\":\"imp_AAAAAAAAAAAAAAAAAAAAAA\",\"status\":\"PROCESSING\","
      + "\"createdAt\":\"2026-12-04T10:00:00Z\",\"completedAt\":\"2026-12-04T10:05:00Z\",\"batchesReceived\":2,"
      + "\"linesReceived\":\"1500\",\"linesBound\":\"1200\",\"linesRefused\":\"100\",\"linesRemaining\":\"200\","
      + "\"refusals\":[{\"reason\":\"invalid-phone-number\",\"lines\":\"60\"},{\"reason\":\"already-bound\",\"lines\":\"40\"}]}";

  @RegisterExtension
  final FakeIdnet idnet = new FakeIdnet();

  @Test
  void createImportSendsOneIdempotencyKeyOnEveryTryAndReadsTheImport() {
    idnet.api = RetryRulesTest.refusingFirst(new Answer(201, IMPORT, "Content-Type", "application/json"),
        Answer.problem(503, "store-unavailable", "Retry-After", "1"));

    AccountImport created = idnet.client().build().createImport();

    assertThat(idnet.apiRequests).hasSize(2).extracting(FakeIdnet.Request::path).containsOnly("/v1/imports");
    String key = idnet.apiRequests.get(0).header("Idempotency-Key");
    assertThat(key).isNotBlank();
    assertThat(idnet.apiRequests).extracting(r -> r.header("Idempotency-Key")).containsOnly(key);
    assertThat(created).isEqualTo(new AccountImport("imp_AAAAAAAAAAAAAAAAAAAAAA", ImportStatus.PROCESSING,
        Instant.parse("2026-12-04T10:00:00Z"), java.util.Optional.of(Instant.parse("2026-12-04T10:05:00Z")), 2, 1500,
        1200, 100, 200, Map.of("invalid-phone-number", 60L, "already-bound", 40L)));
    assertThat(created.refusals().keySet()).containsExactly("invalid-phone-number", "already-bound");
  }

  @Test
  void addImportBatchSendsTheLinesAsIdnetReadsThemAndIsRepeatedWhereSafe() throws Exception {
    idnet.api = RetryRulesTest.refusingFirst(Answer.ok("{\"batchNumber\":3,\"lineCount\":2,\"firstLine\":7,"
        + "\"lastLine\":9,\"receivedAt\":\"2026-12-04T10:01:00Z\"}"), Answer.problem(429, "rate-limited",
        "Retry-After", "1"));

    BatchReceipt receipt = idnet.client().build().addImportBatch("imp_AAAAAAAAAAAAAAAAAAAAAA", 3, List.of(
        new ImportLine(7, "alice", "+84912345678", Instant.parse("2026-11-01T08:00:00Z")),
        new ImportLine(9, "bob", "+84912345679", Instant.parse("2026-11-02T08:00:00.5Z"))));

    assertThat(receipt).isEqualTo(new BatchReceipt(3, 2, 7, 9, Instant.parse("2026-12-04T10:01:00Z")));
    assertThat(idnet.apiRequests).hasSize(2);
    FakeIdnet.Request sent = idnet.apiRequests.get(1);
    assertThat(sent.path()).isEqualTo("/v1/imports/imp_AAAAAAAAAAAAAAAAAAAAAA/batches");
    JsonNode body = Json.read(sent.body());
    assertThat(body.get("batchNumber").asInt()).isEqualTo(3);
    assertThat(body.get("lines")).hasSize(2);
    assertThat(body.at("/lines/1/line").asInt()).isEqualTo(9);
    assertThat(body.at("/lines/1/accountId").asText()).isEqualTo("bob");
    assertThat(body.at("/lines/1/phoneNumber").asText()).isEqualTo("+84912345679");
    assertThat(body.at("/lines/1/verifiedAt").asText()).isEqualTo("2026-11-02T08:00:00.500Z");
    assertThat(idnet.apiRequests.get(0).body()).isEqualTo(sent.body());
  }

  @Test
  void refusalsAreReadByPageAndAnUnknownStatusReadsUnrecognized() {
    idnet.api = request -> request.path().endsWith("/refusals")
        ? Answer.ok("{\"refusals\":[{\"line\":4,\"reason\":\"already-bound\"},{\"line\":9,\"reason\":\"x-new\"}],"
            + "\"nextAfterLine\":9}")
        : Answer.ok(IMPORT.replace("PROCESSING", "ARCHIVED"));

    RefusalPage page = idnet.client().build().listImportRefusals("imp_AAAAAAAAAAAAAAAAAAAAAA", 2, 0);
    AccountImport later = idnet.client().build().getImport("imp_AAAAAAAAAAAAAAAAAAAAAA");

    assertThat(page.refusals()).containsExactly(new LineRefusal(4, "already-bound"), new LineRefusal(9, "x-new"));
    assertThat(page.nextAfterLine()).isEqualTo(9);
    assertThat(later.status()).isEqualTo(ImportStatus.UNRECOGNIZED);
  }
}
