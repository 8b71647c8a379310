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
    String uuid = uuid(id).toString();
    Stores stores = network.stores();
    for (int batch = 1; batch <= BATCHES / 2; batch++) {
      upload(api, id, run, batch, verifiedAt);
    }
    // Killed while processing is under way (a batch of 1000 lines takes a fraction of a second, most
    // of it inside its transaction): watched in PostgreSQL, closely, so batches certainly remain.
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (processed(stores, uuid) < 2) {
      assertThat(System.nanoTime()).as("processing under way within 60 s").isLessThan(until);
      Thread.sleep(5);
    }
    try {
      network.sandbox().kill("identity-service");
      assertThat(BATCHES / 2 - processed(stores, uuid)).as("batches left to process at the kill").isPositive();
    } finally {
      network.sandbox().restart("identity-service");
    }
    network.awaitBreakersClosed();
    // The uploader goes on after the outage; the import completes and is processed to its end.
    for (int batch = BATCHES / 2 + 1; batch <= BATCHES; batch++) {
      upload(api, id, run, batch, verifiedAt);
    }
    assertThat(api.post("/v1/imports/" + id + "/complete", PLATFORM, "{}").status()).isEqualTo(200);

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

  /** Uploads batch {@code batch} of the import: 1000 lines, every {@link #BAD_EVERY}th one bad. */
  private static void upload(Api api, String id, String run, int batch, String verifiedAt) {
    StringBuilder lines = new StringBuilder();
    for (int line = (batch - 1) * BATCH + 1; line <= batch * BATCH; line++) {
      String account = "f-imp-" + run + "-" + line;
      String digits = String.format("%07d", line);
      // +84 86x: a range no other case's numbers come from, so no carrier event of theirs touches these.
      // A bad line: a national number, not E.164 as the contract asks.
      String phone = line % BAD_EVERY == 0 ? "086" + digits : "+8486" + digits;
      lines.append(lines.isEmpty() ? "" : ",").append("{\"line\":").append(line).append(",\"accountId\":\"")
          .append(account).append("\",\"phoneNumber\":\"").append(phone).append("\",\"verifiedAt\":\"")
          .append(verifiedAt).append("\"}");
      if (line % 2000 == 1) {
        // A sample: every value sent in would make the log scan slow, and one leak shows in a sample.
        Ledger.secret("+8486" + digits, "8486" + digits, "086" + digits);
        Ledger.acknowledged(PLATFORM, account, Ledger.Level.PHONE);
      }
    }
    Api.Answer stored = api.post("/v1/imports/" + id + "/batches", PLATFORM,
        "{\"batchNumber\":" + batch + ",\"lines\":[" + lines + "]}");
    assertThat(stored.status()).as("batch %d: %s", batch, stored).isEqualTo(200);
  }

  private static long processed(Stores stores, String uuid) {
    return stores.number("identity",
        "SELECT count(*) FROM import_batches WHERE import = ?::uuid AND processed_at IS NOT NULL", uuid);
  }

  /** The row id behind an import id: {@code imp_} and the uuid's 16 bytes in base64url. */
  private static UUID uuid(String importId) {
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(importId.substring(4)));
    return new UUID(bytes.getLong(), bytes.getLong());
  }
}
