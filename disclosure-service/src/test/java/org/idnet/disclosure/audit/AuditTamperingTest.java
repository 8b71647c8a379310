package org.idnet.disclosure.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.idnet.audit.verifier.AuditCanonical;
import org.idnet.audit.verifier.AuditEntry;
import org.idnet.audit.verifier.AuditVerifierMain;
import org.idnet.audit.verifier.Hash;
import org.idnet.disclosure.audit.domain.EntryPage;
import org.idnet.disclosure.v1.AuditCheckpoint;
import org.idnet.disclosure.v1.AuditVerification;
import org.idnet.disclosure.v1.GetAuditCheckpointRequest;
import org.idnet.disclosure.v1.GetAuditSigningKeysRequest;
import org.idnet.disclosure.v1.ListAuditEntriesRequest;
import org.idnet.disclosure.v1.ListAuditEntriesResponse;
import org.idnet.disclosure.v1.VerifyAuditLogRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each tampering case of issue 4, done as only the database owner can (triggers off), then found
 * at the right seq twice: by VerifyAuditLog, and by the offline verifier over what an auditor
 * exported through the API (entries pages, a checkpoint kept from before, the signing keys) in
 * the JSON the gateway prints.
 */
class AuditTamperingTest {

  static final JsonFormat.Printer GATEWAY_JSON = JsonFormat.printer().alwaysPrintFieldsWithNoPresence()
      .omittingInsignificantWhitespace();

  @TempDir
  Path dir;
  AuditFixture audit;
  Path keptCheckpoint;
  Path signingKeys;

  @BeforeEach
  void thirtyEntriesWithCheckpointsAtTenAndTwenty() throws Exception {
    audit = AuditFixture.create();
    audit.append(10);
    audit.stub(AuditFixture.AUDITOR).getAuditCheckpoint(GetAuditCheckpointRequest.getDefaultInstance());
    audit.append(10);
    keptCheckpoint = save("checkpoint.json",
        audit.stub(AuditFixture.AUDITOR).getAuditCheckpoint(GetAuditCheckpointRequest.getDefaultInstance()));
    audit.append(10);
    signingKeys = save("signing-keys.json",
        audit.stub(null).getAuditSigningKeys(GetAuditSigningKeysRequest.getDefaultInstance()));
  }

  @AfterEach
  void close() {
    audit.close();
  }

  Path save(String name, MessageOrBuilder message) throws Exception {
    return Files.writeString(dir.resolve(name), GATEWAY_JSON.print(message));
  }

  /** Every page of GET /v1/audit/entries (7 a page), concatenated into one file. */
  Path exportEntries() throws Exception {
    StringBuilder out = new StringBuilder();
    long from = 1;
    while (true) {
      ListAuditEntriesResponse page = audit.stub(AuditFixture.AUDITOR)
          .listAuditEntries(ListAuditEntriesRequest.newBuilder().setFromSeq(from).setLimit(7).build());
      if (page.getEntriesCount() == 0) {
        return Files.writeString(dir.resolve("entries.json"), out);
      }
      out.append(GATEWAY_JSON.print(page)).append('\n');
      from = page.getEntries(page.getEntriesCount() - 1).getSeq() + 1;
    }
  }

  AuditVerification verifyOnline() {
    return audit.stub(AuditFixture.AUDITOR).verifyAuditLog(VerifyAuditLogRequest.getDefaultInstance());
  }

  String verifyOffline(int expectedStatus) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = AuditVerifierMain.run(new String[] {exportEntries().toString(), keptCheckpoint.toString(),
        signingKeys.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    assertThat(status).isEqualTo(expectedStatus);
    return out.toString(StandardCharsets.UTF_8).strip();
  }

  void assertOnline(long firstBadSeq, String problem) {
    AuditVerification v = verifyOnline();
    assertThat(v.getValid()).isFalse();
    assertThat(v.getFirstBadSeq()).isEqualTo(firstBadSeq);
    assertThat(v.getProblem()).isEqualTo(problem);
  }

  @Test
  void verifyWhenUntouchedThenValidOnlineAndOffline() throws Exception {
    AuditVerification v = verifyOnline();
    assertThat(v.getValid()).isTrue();
    assertThat(v.getSize()).isEqualTo(30);
    assertThat(v.hasFirstBadSeq()).isFalse();
    assertThat(verifyOffline(0)).isEqualTo("OK: 30 entries, checkpoint size 20 verified");
  }

  @Test
  void verifyWhenOneByteOfAFieldChangedThenBadAtThatSeq() throws Exception {
    audit.tamper("UPDATE audit_entries SET actor = overlay(actor placing 'X' from 1 for 1) WHERE seq = 17");

    assertOnline(17, "hash mismatch");
    assertThat(verifyOffline(1)).isEqualTo("TAMPERED: first bad seq 17 (hash mismatch)");
  }

  @Test
  void verifyWhenTimeMovedByOneMicrosecondThenBadAtThatSeq() throws Exception {
    audit.tamper("UPDATE audit_entries SET at = at + interval '1 microsecond' WHERE seq = 23");

    assertOnline(23, "hash mismatch");
    assertThat(verifyOffline(1)).isEqualTo("TAMPERED: first bad seq 23 (hash mismatch)");
  }

  @Test
  void verifyWhenRowDeletedThenBadAtTheMissingSeq() throws Exception {
    audit.tamper("DELETE FROM audit_entries WHERE seq = 12");

    assertOnline(12, "missing entry");
    assertThat(verifyOffline(1)).isEqualTo("TAMPERED: first bad seq 12 (missing entry)");
  }

  @Test
  void verifyWhenTwoRowsSwapContentsThenBadAtTheFirst() throws Exception {
    audit.tamper("""
        UPDATE audit_entries a SET at = b.at, type = b.type, actor = b.actor, agency_id = b.agency_id,
            request_id = b.request_id, prev_hash = b.prev_hash, hash = b.hash
        FROM audit_entries b WHERE (a.seq, b.seq) IN ((5, 9), (9, 5))""");

    assertOnline(5, "previous hash mismatch");
    assertThat(verifyOffline(1)).isEqualTo("TAMPERED: first bad seq 5 (previous hash mismatch)");
  }

  @Test
  void verifyWhenTailTruncatedAfterACheckpointThenShorterThanCheckpoint() throws Exception {
    audit.tamper("DELETE FROM audit_entries WHERE seq > 15");

    assertOnline(16, "shorter than checkpoint (size 20)");
    assertThat(verifyOnline().getSize()).isEqualTo(15);
    assertThat(verifyOffline(1)).isEqualTo("TAMPERED: first bad seq 16 (shorter than checkpoint (size 20))");
  }

  @Test
  void verifyWhenHistoryRewrittenWithRecomputedHashesThenTheCheckpointsCatchIt() throws Exception {
    // The insider recomputes every hash from entry 14 on: the chain alone is consistent again.
    List<AuditEntry> entries = audit.history.page(new EntryPage(1, 1000));
    Hash prev = entries.get(12).hash();
    for (AuditEntry e : entries.subList(13, entries.size())) {
      String actor = e.seq() == 14 ? "someone-else" : e.actor();
      Hash hash = AuditCanonical.chain(prev,
          AuditCanonical.entryBytes(e.seq(), e.at(), e.type(), actor, e.agencyId(), e.requestId()));
      audit.tamper("UPDATE audit_entries SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?",
          actor, prev.bytes(), hash.bytes(), e.seq());
      prev = hash;
    }

    // Entries 1-10 still match the checkpoint at 10; the one at 20 no longer does.
    assertOnline(11, "does not match checkpoint (size 20)");
    assertThat(verifyOffline(1)).isEqualTo("TAMPERED: first bad seq 1 (does not match checkpoint (size 20))");
  }

  @Test
  void verifyWhenKeptCheckpointAlteredThenOfflineSignatureFails() throws Exception {
    AuditCheckpoint.Builder kept = AuditCheckpoint.newBuilder();
    JsonFormat.parser().merge(Files.readString(keptCheckpoint), kept);
    keptCheckpoint = save("altered.json", kept.setSize(15));

    assertThat(verifyOffline(1)).startsWith("TAMPERED: checkpoint signature does not verify");
  }
}
