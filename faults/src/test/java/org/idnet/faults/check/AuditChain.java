package org.idnet.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.idnet.audit.verifier.AuditCheckpoint;
import org.idnet.audit.verifier.AuditJson;
import org.idnet.audit.verifier.ChainVerifier;
import org.idnet.audit.verifier.Verification;
import org.idnet.faults.Api;
import org.idnet.faults.FaultNetwork;

/**
 * The disclosure audit log as an auditor checks it offline ({@code bin/verify-audit}'s code, the
 * audit-verifier module): a fresh signed checkpoint, every entry exported through the API, the
 * chain recomputed and the checkpoint's signature verified with the published keys; and the
 * export holds every row PostgreSQL has.
 */
final class AuditChain {

  private static final int PAGE = 1000;

  private AuditChain() {
  }

  static void verifies(FaultNetwork network) throws IOException {
    Api api = network.api();
    Path dir = Files.createTempDirectory("idnet-faults-audit");
    // The checkpoint first: entries appended meanwhile only make the export longer than it.
    Api.Answer checkpoint = api.get("/v1/audit/checkpoint", "auditor-1");
    assertThat(checkpoint.status()).as("checkpoint: %s", checkpoint).isEqualTo(200);
    Api.Answer keys = api.get("/v1/audit/signing-keys", null);
    assertThat(keys.status()).as("signing keys: %s", keys).isEqualTo(200);
    StringBuilder entries = new StringBuilder();
    long from = 1;
    while (true) {
      Api.Answer page = api.get("/v1/audit/entries?fromSeq=" + from + "&limit=" + PAGE, "auditor-1");
      assertThat(page.status()).as("entries: %s", page).isEqualTo(200);
      entries.append(page.body()).append('\n');
      JsonNode list = page.json().path("entries");
      if (list.size() < PAGE) {
        break;
      }
      from += PAGE;
    }
    Files.writeString(dir.resolve("entries.json"), entries);
    Files.writeString(dir.resolve("checkpoint.json"), checkpoint.body());
    Files.writeString(dir.resolve("keys.json"), keys.body());

    AuditCheckpoint signed = AuditJson.readCheckpoint(dir.resolve("checkpoint.json"));
    assertThat(AuditJson.readKeyset(dir.resolve("keys.json")).verify(signed)).as("checkpoint signature").isTrue();
    ChainVerifier chain = new ChainVerifier(List.of(signed));
    AuditJson.readEntries(dir.resolve("entries.json"), chain::accept);
    Verification verdict = chain.finish();
    assertThat(verdict.valid()).as("audit chain: %s", verdict).isTrue();
    long stored = network.stores().number("disclosure", "SELECT count(*) FROM audit_entries");
    assertThat(verdict.size()).as("entries exported vs stored").isGreaterThanOrEqualTo(signed.size())
        .isLessThanOrEqualTo(stored);
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }
}
