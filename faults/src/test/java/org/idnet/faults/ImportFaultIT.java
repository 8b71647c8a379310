package org.idnet.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.idnet.faults.check.Ledger;
import org.idnet.faults.check.NothingLost;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * identity-service SIGKILLed while it processes a bulk import (docs/imports.md), then started again:
 * the batch it had in flight is rolled back whole and processed again, and the import ends exactly
 * as the uploaded lines decide: every line one outcome, every good line one imported binding of its
 * account, every bad line refused with its reason, no upload left.
 */
@Order(7)
@ExtendWith(NothingLost.class)
class ImportFaultIT {

  private static final String PLATFORM = "platform-a";
  private static final int BATCHES = 20;
  private static final int BATCH = 1000;
  private static final int LINES = BATCHES * BATCH;
  /** Every this-many-th line names a number that is not one: refused invalid-phone-number. */
  private static final int BAD_EVERY = 100;

  @Test
  void identityServiceKilledMidImportEndsExactlyAsTheLinesDecide() throws Exception {
    FaultNetwork network = FaultNetwork.get();
    Api api = network.api();
    String run = Long.toString(System.nanoTime(), 36);
    Api.Answer created = api.post("/v1/imports", PLATFORM, "{}");
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    String id = created.field("id");
    String verifiedAt = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS).toString();
    for (int batch = 1; batch <= BATCHES; batch++) {
      StringBuilder lines = new StringBuilder();
      for (int line = (batch - 1) * BATCH + 1; line <= batch * BATCH; line++) {
        String account = "f-imp-" + run + "-" + line;
        // +84 86x: a range no other case's numbers come from, so no carrier event of theirs touches these.
        // A bad line: a national number, not E.164 as the contract asks.
        String phone = line % BAD_EVERY == 0 ? "086" + String.format("%07d", line) : "+8486" + String.format("%07d", line);
        lines.append(lines.isEmpty() ? "" : ",").append("{\"line\":").append(line).append(",\"accountId\":\"")
            .append(account).append("\",\"phoneNumber\":\"").append(phone).append("\",\"verifiedAt\":\"")
            .append(verifiedAt).append("\"}");
        if (line % 2000 == 1) {
          // A sample: every value sent in would make the log scan slow, and one leak shows in a sample.
          Ledger.secret("+8486" + String.format("%07d", line), "8486" + String.format("%07d", line),
              "086" + String.format("%07d", line));
          Ledger.acknowledged(PLATFORM, account, Ledger.Level.PHONE);
        }
      }
      Api.Answer stored = api.post("/v1/imports/" + id + "/batches", PLATFORM,
          "{\"batchNumber\":" + batch + ",\"lines\":[" + lines + "]}");
      assertThat(stored.status()).as("batch %d: %s", batch, stored).isEqualTo(200);
    }
    assertThat(api.post("/v1/imports/" + id + "/complete", PLATFORM, "{}").status()).isEqualTo(200);

    // Killed once processing is under way and far from its end (a batch takes about a second).
    JsonNode midway = Poll.until("processing under way", Duration.ofSeconds(60),
        () -> api.get("/v1/imports/" + id, PLATFORM).json(),
        report -> report.path("linesBound").asLong() >= 2 * BATCH);
    assertThat(midway.get("linesRemaining").asLong()).as("%s", midway).isGreaterThan(3L * BATCH);
    try {
      network.sandbox().kill("identity-service");
    } finally {
      network.sandbox().restart("identity-service");
    }
    network.awaitBreakersClosed();

    JsonNode done = Poll.until("the import done after the restart", Duration.ofSeconds(120),
        () -> api.get("/v1/imports/" + id, PLATFORM), a -> a.status() == 200 && "DONE".equals(a.field("status")))
        .json();
    int bad = LINES / BAD_EVERY;
    assertThat(done.get("linesReceived").asLong()).isEqualTo(LINES);
    assertThat(done.get("linesBound").asLong()).isEqualTo(LINES - bad);
    assertThat(done.get("linesRefused").asLong()).isEqualTo(bad);
    assertThat(done.get("linesRemaining").asLong()).isZero();

    List<Integer> refusedLines = new ArrayList<>();
    int after = 0;
    do {
      JsonNode page = api.get("/v1/imports/" + id + "/refusals?pageSize=1000&afterLine=" + after, PLATFORM).json();
      for (JsonNode refusal : page.get("refusals")) {
        assertThat(refusal.get("reason").asText()).isEqualTo("invalid-phone-number");
        refusedLines.add(refusal.get("line").asInt());
      }
      after = page.path("nextAfterLine").asInt();
    } while (after != 0);
    List<Integer> expected = new ArrayList<>();
    for (int line = BAD_EVERY; line <= LINES; line += BAD_EVERY) {
      expected.add(line);
    }
    assertThat(refusedLines).isEqualTo(expected);

    String uuid = uuid(id).toString();
    Stores stores = network.stores();
    assertThat(stores.number("identity", "SELECT count(*) FROM import_line_outcomes WHERE import = ?::uuid", uuid))
        .as("one outcome per line").isEqualTo(LINES);
    assertThat(stores.number("identity", """
        SELECT count(*) FROM phone_bindings WHERE verification_id LIKE ? AND source = 'imported'""",
        "import:" + uuid + ":%")).as("one binding per good line").isEqualTo(LINES - bad);
    assertThat(stores.number("identity", """
        SELECT count(DISTINCT account) FROM phone_bindings WHERE verification_id LIKE ?""", "import:" + uuid + ":%"))
        .as("each of a distinct account").isEqualTo(LINES - bad);
    assertThat(stores.number("identity", """
        SELECT count(*) FROM import_uploads u JOIN import_batches b ON b.id = u.batch WHERE b.import = ?::uuid""", uuid))
        .as("uploads left").isZero();
    JsonNode account = api.get("/v1/accounts/f-imp-" + run + "-1/verification", PLATFORM).json();
    assertThat(account.get("level").asText()).isEqualTo("PHONE");
    assertThat(account.get("phoneSource").asText()).isEqualTo("IMPORTED");
  }

  /** The row id behind an import id: {@code imp_} and the uuid's 16 bytes in base64url. */
  private static UUID uuid(String importId) {
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(importId.substring(4)));
    return new UUID(bytes.getLong(), bytes.getLong());
  }
}
