package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.idnet.identity.api.GrpcHarness.CARRIER;
import static org.idnet.identity.api.GrpcHarness.NOW;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_A;
import static org.idnet.identity.api.GrpcHarness.PLATFORM_B;
import static org.idnet.identity.api.GrpcHarness.unique;

import com.google.protobuf.Timestamp;
import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.v1.AccountImportServiceGrpc.AccountImportServiceBlockingStub;
import org.idnet.identity.v1.AddImportBatchRequest;
import org.idnet.identity.v1.BatchReceipt;
import org.idnet.identity.v1.CompleteImportRequest;
import org.idnet.identity.v1.CreateImportRequest;
import org.idnet.identity.v1.GetImportRequest;
import org.idnet.identity.v1.Import;
import org.idnet.identity.v1.ImportLine;
import org.idnet.identity.v1.ImportStatus;
import org.idnet.identity.v1.LineRefusal;
import org.idnet.identity.v1.ListImportRefusalsRequest;
import org.idnet.identity.v1.ListImportRefusalsResponse;
import org.idnet.identity.v1.RefusalCount;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.PhoneSource;
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.identity.v1.VerificationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AccountImportService behind the production interceptors: a platform's import from creation to
 * DONE with every refused line's reason, answers already cached made stale by the processing,
 * idempotency per key and per batch, and owner-only: another platform's import is NOT_FOUND.
 */
class AccountImportGrpcTest {

  static final Instant VERIFIED = NOW.minus(Duration.ofDays(10));
  static HikariDataSource dataSource;
  static GrpcHarness grpc;

  @BeforeAll
  static void start() throws Exception {
    dataSource = TestDatabase.migrated("identity_import_grpc");
    grpc = GrpcHarness.over(dataSource, GrpcHarness.newKeys()).start();
  }

  @AfterAll
  static void stop() {
    grpc.close();
    dataSource.close();
  }

  static ImportLine line(int number, String account, String phone, Instant verifiedAt) {
    ImportLine.Builder line = ImportLine.newBuilder().setLine(number).setAccountId(account).setPhoneNumber(phone);
    if (verifiedAt != null) {
      line.setVerifiedAt(Timestamp.newBuilder().setSeconds(verifiedAt.getEpochSecond()).setNanos(verifiedAt.getNano()));
    }
    return line.build();
  }

  static AddImportBatchRequest batch(String importId, int number, List<ImportLine> lines) {
    return AddImportBatchRequest.newBuilder().setImportId(importId).setBatchNumber(number).addAllLines(lines).build();
  }

  static Import create(AccountImportServiceBlockingStub stub) {
    return stub.createImport(CreateImportRequest.getDefaultInstance()).getImport();
  }

  static Import get(String importId) {
    return grpc.imports(PLATFORM_A).getImport(GetImportRequest.newBuilder().setImportId(importId).build()).getImport();
  }

  static AccountImportServiceBlockingStub withKey(AccountImportServiceBlockingStub stub, String key) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("idempotency-key", Metadata.ASCII_STRING_MARSHALLER), key);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  static StatusRuntimeException refused(Supplier<?> call) {
    return catchThrowableOfType(StatusRuntimeException.class, call::get);
  }

  @Test
  void importWhenProcessedThenBoundAccountsReadPhoneAndEveryRefusedLineHasItsReason() throws Exception {
    String alice = unique("alice");
    String bob = unique("bob");
    String otpUser = unique("otp");
    grpc.bind("platform-a", otpUser, "+84912000601", unique("v"));
    // Asked before the import: UNVERIFIED, and cached so.
    assertThat(grpc.check(PLATFORM_A, alice).getStatus()).isEqualTo(VerificationStatus.UNVERIFIED);
    Import opened = create(grpc.imports(PLATFORM_A));

    BatchReceipt receipt = grpc.imports(PLATFORM_A).addImportBatch(batch(opened.getId(), 1, List.of(
        line(1, alice, "+84912000602", VERIFIED),
        line(2, "not an id", "+84912000603", VERIFIED),
        line(3, bob, "+84912000604", null),
        line(4, otpUser, "+84912000605", VERIFIED)))).getReceipt();
    grpc.imports(PLATFORM_A).addImportBatch(batch(opened.getId(), 2, List.of(
        line(6, unique("carol"), "0912000606", VERIFIED))));
    Import completed = grpc.imports(PLATFORM_A).completeImport(
        CompleteImportRequest.newBuilder().setImportId(opened.getId()).build()).getImport();
    long processed = grpc.importProcessor.run(10);

    assertThat(opened.getStatus()).isEqualTo(ImportStatus.OPEN);
    assertThat(opened.getId()).matches("imp_[A-Za-z0-9_-]{22}");
    assertThat(receipt.getLineCount()).isEqualTo(4);
    assertThat(receipt.getFirstLine()).isEqualTo(1);
    assertThat(receipt.getLastLine()).isEqualTo(4);
    assertThat(completed.getStatus()).isEqualTo(ImportStatus.PROCESSING);
    assertThat(completed.getLinesRemaining()).isEqualTo(5);
    assertThat(processed).isEqualTo(5);
    Import done = get(opened.getId());
    assertThat(done.getStatus()).isEqualTo(ImportStatus.DONE);
    assertThat(done.getBatchesReceived()).isEqualTo(2);
    assertThat(done.getLinesReceived()).isEqualTo(5);
    assertThat(done.getLinesBound()).isEqualTo(1);
    assertThat(done.getLinesRefused()).isEqualTo(4);
    assertThat(done.getLinesRemaining()).isZero();
    assertThat(done.getRefusalsList()).containsExactly(
        RefusalCount.newBuilder().setReason("invalid-account-id").setLines(1).build(),
        RefusalCount.newBuilder().setReason("invalid-phone-number").setLines(1).build(),
        RefusalCount.newBuilder().setReason("invalid-verified-at").setLines(1).build(),
        RefusalCount.newBuilder().setReason("already-bound").setLines(1).build());
    ListImportRefusalsResponse first = grpc.imports(PLATFORM_A).listImportRefusals(ListImportRefusalsRequest
        .newBuilder().setImportId(opened.getId()).setPageSize(3).build());
    ListImportRefusalsResponse rest = grpc.imports(PLATFORM_A).listImportRefusals(ListImportRefusalsRequest
        .newBuilder().setImportId(opened.getId()).setPageSize(3).setAfterLine(first.getNextAfterLine()).build());
    assertThat(first.getRefusalsList()).extracting(LineRefusal::getLine, LineRefusal::getReason).containsExactly(
        org.assertj.core.groups.Tuple.tuple(2, "invalid-account-id"),
        org.assertj.core.groups.Tuple.tuple(3, "invalid-verified-at"),
        org.assertj.core.groups.Tuple.tuple(4, "already-bound"));
    assertThat(rest.getRefusalsList()).extracting(LineRefusal::getLine, LineRefusal::getReason).containsExactly(
        org.assertj.core.groups.Tuple.tuple(6, "invalid-phone-number"));
    assertThat(first.getNextAfterLine()).isEqualTo(4);
    assertThat(rest.getNextAfterLine()).isZero();
    // The cached UNVERIFIED was invalidated when the batch committed.
    AccountVerification imported = grpc.check(PLATFORM_A, alice);
    assertThat(imported.getLevel()).isEqualTo(VerificationLevel.PHONE);
    assertThat(imported.getPhoneSource()).isEqualTo(PhoneSource.IMPORTED);
    assertThat(imported.getVerifiedAt()).isEqualTo(ProtoMapping.timestamp(VERIFIED));
    assertThat(grpc.check(PLATFORM_A, bob).getStatus()).isEqualTo(VerificationStatus.UNVERIFIED);
    assertThat(grpc.check(PLATFORM_A, otpUser).getPhoneSource()).isEqualTo(PhoneSource.OTP);
    // The platform's webhook says so too.
    List<org.idnet.webhooks.v1.VerificationChanged> changes = grpc.outbox(GrpcHarness.WEBHOOK_DISPATCHER)
        .readEvents(org.idnet.outbox.v1.ReadEventsRequest.newBuilder().setLimit(500).build()).getEventsList().stream()
        .map(org.idnet.outbox.v1.OutboxEvent::getEvent)
        .filter(e -> e.getAccountId().equals(alice) && e.hasVerificationChanged())
        .map(org.idnet.webhooks.v1.WebhookEvent::getVerificationChanged).toList();
    assertThat(changes).singleElement().satisfies(change -> {
      assertThat(change.getLevel()).isEqualTo(VerificationLevel.PHONE);
      assertThat(change.getPhoneSource()).isEqualTo(PhoneSource.IMPORTED);
    });
    // The user completes an OTP through idnet: the binding is idnet's own from then on.
    grpc.bind("platform-a", alice, "+84912000602", unique("v"));
    assertThat(grpc.check(PLATFORM_A, alice).getPhoneSource()).isEqualTo(PhoneSource.OTP);
  }

  @Test
  void createWhenIdempotencyKeyRepeatedThenSameImportAndAMalformedKeyIsRefused() {
    String key = unique("k");

    Import first = create(withKey(grpc.imports(PLATFORM_A), key));
    Import repeat = create(withKey(grpc.imports(PLATFORM_A), key));
    Import other = create(withKey(grpc.imports(PLATFORM_B), key));
    StatusRuntimeException malformed = refused(() -> create(withKey(grpc.imports(PLATFORM_A), "has space")));

    assertThat(repeat).isEqualTo(first);
    assertThat(other.getId()).isNotEqualTo(first.getId());
    assertThat(malformed.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void addBatchWhenRepeatedThenSameReceiptAndOtherLinesUnderTheNumberAreRefused() throws Exception {
    Import opened = create(grpc.imports(PLATFORM_A));
    List<ImportLine> lines = List.of(line(1, unique("a"), "+84912000611", VERIFIED));

    BatchReceipt first = grpc.imports(PLATFORM_A).addImportBatch(batch(opened.getId(), 1, lines)).getReceipt();
    BatchReceipt repeat = grpc.imports(PLATFORM_A).addImportBatch(batch(opened.getId(), 1, lines)).getReceipt();
    StatusRuntimeException differs = refused(() -> grpc.imports(PLATFORM_A).addImportBatch(batch(opened.getId(), 1,
        List.of(line(1, unique("a"), "+84912000612", VERIFIED)))));
    StatusRuntimeException unordered = refused(() -> grpc.imports(PLATFORM_A).addImportBatch(batch(opened.getId(), 2,
        List.of(line(5, unique("a"), "+84912000613", VERIFIED), line(5, unique("a"), "+84912000614", VERIFIED)))));

    assertThat(repeat).isEqualTo(first);
    assertThat(differs.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(GrpcHarness.errorInfo(differs).getReason()).isEqualTo("batch-differs");
    assertThat(unordered.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(GrpcHarness.errorInfo(unordered).getReason()).isEqualTo("invalid-line-numbers");
  }

  @Test
  void everyCallWhenImportIsAnotherPlatformsThenNotFoundAndNothingChanges() throws Exception {
    Import mine = create(grpc.imports(PLATFORM_A));
    String id = mine.getId();
    AccountImportServiceBlockingStub other = grpc.imports(PLATFORM_B);

    List<StatusRuntimeException> refusals = List.of(
        refused(() -> other.addImportBatch(batch(id, 1, List.of(line(1, unique("a"), "+84912000621", VERIFIED))))),
        refused(() -> other.completeImport(CompleteImportRequest.newBuilder().setImportId(id).build())),
        refused(() -> other.getImport(GetImportRequest.newBuilder().setImportId(id).build())),
        refused(() -> other.listImportRefusals(ListImportRefusalsRequest.newBuilder().setImportId(id).build())));

    for (StatusRuntimeException e : refusals) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(GrpcHarness.errorInfo(e).getReason()).isEqualTo("import-not-found");
    }
    Import after = get(id);
    assertThat(after.getStatus()).isEqualTo(ImportStatus.OPEN);
    assertThat(after.getBatchesReceived()).isZero();
  }

  @Test
  void callsWhenNotAPlatformOrMalformedIdThenRefusedBeforeAnyImportIsRead() throws Exception {
    Import mine = create(grpc.imports(PLATFORM_A));

    StatusRuntimeException carrier = refused(() -> grpc.imports(CARRIER).getImport(
        GetImportRequest.newBuilder().setImportId(mine.getId()).build()));
    StatusRuntimeException malformed = refused(() -> grpc.imports(PLATFORM_A).getImport(
        GetImportRequest.newBuilder().setImportId("imp_" + "x".repeat(21)).build()));

    assertThat(carrier.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(malformed.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(GrpcHarness.errorInfo(malformed).getReason()).isEqualTo("invalid-import-id");
  }
}
