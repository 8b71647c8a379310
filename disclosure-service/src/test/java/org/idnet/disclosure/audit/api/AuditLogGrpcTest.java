package org.idnet.disclosure.audit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.idnet.audit.verifier.CheckpointSignatures;
import org.idnet.audit.verifier.Hash;
import org.idnet.disclosure.audit.AuditFixture;
import org.idnet.disclosure.v1.AuditCheckpoint;
import org.idnet.disclosure.v1.AuditEntry;
import org.idnet.disclosure.v1.AuditVerification;
import org.idnet.disclosure.v1.GetAuditCheckpointRequest;
import org.idnet.disclosure.v1.GetAuditSigningKeysRequest;
import org.idnet.disclosure.v1.ListAuditEntriesRequest;
import org.idnet.disclosure.v1.VerifyAuditLogRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The oversight API over the in-process server, behind the same caller check as production. */
class AuditLogGrpcTest {

  AuditFixture audit = AuditFixture.create();

  @AfterEach
  void close() {
    audit.close();
  }

  List<AuditEntry> list(long fromSeq, int limit) {
    return audit.stub(AuditFixture.AUDITOR).listAuditEntries(ListAuditEntriesRequest.newBuilder()
        .setFromSeq(fromSeq).setLimit(limit).build()).getEntriesList();
  }

  static ErrorInfo errorInfo(StatusRuntimeException e) throws Exception {
    for (var detail : StatusProto.fromThrowable(e).getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        return detail.unpack(ErrorInfo.class);
      }
    }
    throw new AssertionError("no ErrorInfo in " + e);
  }

  static Optional<BadRequest> badRequest(StatusRuntimeException e) throws Exception {
    for (var detail : StatusProto.fromThrowable(e).getDetailsList()) {
      if (detail.is(BadRequest.class)) {
        return Optional.of(detail.unpack(BadRequest.class));
      }
    }
    return Optional.empty();
  }

  @Test
  void listWhenNoArgumentsThenFromSeqOneAndAtMostOneHundred() {
    audit.append(105);

    List<AuditEntry> first = list(0, 0);
    assertThat(first).hasSize(100);
    assertThat(first.getFirst().getSeq()).isEqualTo(1);
    assertThat(first.getFirst().getPrevHash()).isEqualTo("0".repeat(64));
    assertThat(first).allSatisfy(e -> assertThat(e.getHash()).matches("[0-9a-f]{64}"));
    assertThat(first.get(1).getPrevHash()).isEqualTo(first.get(0).getHash());
    assertThat(list(101, 0)).extracting(AuditEntry::getSeq).containsExactly(101L, 102L, 103L, 104L, 105L);
    assertThat(list(50, 3)).extracting(AuditEntry::getSeq).containsExactly(50L, 51L, 52L);
    assertThat(list(200, 1000)).isEmpty();
  }

  @Test
  void listWhenEntryReturnedThenCarriesWhatWasAppended() {
    audit.append(1);

    AuditEntry entry = list(1, 1).getFirst();
    var event = AuditFixture.event(0);
    assertThat(entry.getType()).isEqualTo(event.type().name());
    assertThat(entry.getActor()).isEqualTo(event.actor());
    assertThat(entry.getAgencyId()).isEqualTo(event.agencyId());
    assertThat(entry.getRequestId()).isEqualTo(event.requestId().toString());
    assertThat(entry.getAt().getSeconds()).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
    assertThat(entry.getAt().getNanos() % 1000).isZero();
  }

  @Test
  void listWhenLimitOrFromSeqOutOfRangeThenInvalidArgumentNamingTheField() throws Exception {
    for (var bad : List.of(new Object[] {1L, 1001, "limit"}, new Object[] {1L, -1, "limit"},
        new Object[] {-5L, 10, "fromSeq"})) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> list((Long) bad[0],
          (Integer) bad[1]));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(errorInfo(e).getReason()).isEqualTo("invalid-request");
      assertThat(errorInfo(e).getDomain()).isEqualTo("idnet.org");
      assertThat(badRequest(e).orElseThrow().getFieldViolations(0).getField()).isEqualTo(bad[2]);
    }
  }

  @Test
  void callsWhenCallerIsNoAuditorThenRefused() {
    var officer = audit.stub(AuditFixture.OFFICER);
    assertThat(catchThrowableOfType(StatusRuntimeException.class,
        () -> officer.listAuditEntries(ListAuditEntriesRequest.getDefaultInstance())).getStatus().getCode())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(catchThrowableOfType(StatusRuntimeException.class,
        () -> officer.getAuditCheckpoint(GetAuditCheckpointRequest.getDefaultInstance())).getStatus().getCode())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(catchThrowableOfType(StatusRuntimeException.class,
        () -> officer.verifyAuditLog(VerifyAuditLogRequest.getDefaultInstance())).getStatus().getCode())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(catchThrowableOfType(StatusRuntimeException.class,
        () -> audit.stub(null).verifyAuditLog(VerifyAuditLogRequest.getDefaultInstance())).getStatus().getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void checkpointWhenAskedThenSignsTheCurrentHeadKeepsItAndVerifiesWithThePublishedKeys() throws Exception {
    AuditCheckpoint empty = audit.stub(AuditFixture.AUDITOR).getAuditCheckpoint(GetAuditCheckpointRequest.getDefaultInstance());
    audit.append(5);
    AuditCheckpoint five = audit.stub(AuditFixture.AUDITOR).getAuditCheckpoint(GetAuditCheckpointRequest.getDefaultInstance());
    // Published to anyone: no caller at all.
    String published = audit.stub(null).getAuditSigningKeys(GetAuditSigningKeysRequest.getDefaultInstance())
        .getPublicKeysetJson();

    assertThat(empty.getSize()).isZero();
    assertThat(empty.getRootHash()).isEqualTo("0".repeat(64));
    assertThat(five.getSize()).isEqualTo(5);
    assertThat(five.getRootHash()).isEqualTo(list(5, 1).getFirst().getHash());
    assertThat(five.getKeyId()).isEqualTo(Integer.toUnsignedString(audit.keys.getPrimary().getId()));
    assertThat(audit.checkpoints.all()).extracting(c -> c.size()).containsExactly(0L, 5L);
    assertThat(published).doesNotContain("PrivateKey");
    TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(published);
    CheckpointSignatures keys = CheckpointSignatures.fromPublicKeysetJson(published);
    assertThat(keys.verify(model(five))).isTrue();
    assertThat(keys.verify(model(five.toBuilder().setSize(4).build()))).isFalse();
    assertThat(CheckpointSignatures.fromPublicKeysetJson(TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(
        AuditFixture.newSigningKeyset().getPublicKeysetHandle())).verify(model(five))).isFalse();
  }

  static org.idnet.audit.verifier.AuditCheckpoint model(AuditCheckpoint c) {
    return new org.idnet.audit.verifier.AuditCheckpoint(c.getSize(), Hash.ofHex(c.getRootHash()),
        Instant.ofEpochSecond(c.getIssuedAt().getSeconds(), c.getIssuedAt().getNanos()), c.getSignature().toByteArray(),
        c.getKeyId());
  }

  @Test
  void verifyWhenIntactThenValidWithTheSize() {
    audit.append(12);
    audit.issuer.issueNow();
    audit.append(3);

    AuditVerification v = audit.stub(AuditFixture.AUDITOR).verifyAuditLog(VerifyAuditLogRequest.getDefaultInstance());

    assertThat(v.getValid()).isTrue();
    assertThat(v.getSize()).isEqualTo(15);
    assertThat(v.hasFirstBadSeq()).isFalse();
    assertThat(v.hasProblem()).isFalse();
  }

  @Test
  void verifyWhenACheckpointIsForgedThenInvalidButItJudgesNoEntry() {
    audit.append(4);
    // The service's own role can insert checkpoints, but not sign them: a forgery says "size 9".
    new org.springframework.jdbc.core.JdbcTemplate(audit.db.app()).update("""
        INSERT INTO audit_checkpoints (size, root_hash, issued_at, signature, key_id)
        VALUES (9, decode(repeat('ab', 32), 'hex'), now(), decode('00', 'hex'), '1')""");

    AuditVerification v = audit.stub(AuditFixture.AUDITOR).verifyAuditLog(VerifyAuditLogRequest.getDefaultInstance());

    assertThat(v.getValid()).isFalse();
    assertThat(v.getSize()).isEqualTo(4);
    assertThat(v.hasFirstBadSeq()).isFalse();
    assertThat(v.getProblem()).isEqualTo("checkpoint signature invalid (checkpoint of size 9)");
  }

  @Test
  void callsWhenDatabaseUnreachableThenUnavailableStoreUnavailable() throws Exception {
    var down = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:9/none?connectTimeout=2", "x", "y");
    try (AuditFixture offline = AuditFixture.create(Clock.systemUTC(), down)) {
      for (Runnable call : List.<Runnable>of(
          () -> offline.stub(AuditFixture.AUDITOR).listAuditEntries(ListAuditEntriesRequest.getDefaultInstance()),
          () -> offline.stub(AuditFixture.AUDITOR).verifyAuditLog(VerifyAuditLogRequest.getDefaultInstance()),
          () -> offline.stub(AuditFixture.AUDITOR).getAuditCheckpoint(GetAuditCheckpointRequest.getDefaultInstance()))) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(errorInfo(e).getReason()).isEqualTo("store-unavailable");
        assertThat(e.getStatus().getDescription()).doesNotContain("127.0.0.1");
      }
    }
  }
}
