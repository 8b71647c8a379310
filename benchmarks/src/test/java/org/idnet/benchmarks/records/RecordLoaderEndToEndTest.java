package org.idnet.benchmarks.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerMetadata;
import org.idnet.identity.domain.PersonIdentity;
import org.idnet.identity.store.FieldCipher;
import org.idnet.identity.store.FieldRef;
import org.idnet.identity.store.KeyProvider;
import org.idnet.identity.store.SubjectIds;
import org.idnet.identity.store.VaultKeysets;
import org.idnet.identity.v1.AccountServiceGrpc;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.AccountVerificationServiceGrpc;
import org.idnet.identity.v1.BindPhoneRequest;
import org.idnet.identity.v1.CheckAccountRequest;
import org.idnet.identity.v1.LookupAccountsRequest;
import org.idnet.identity.v1.PhoneBindingServiceGrpc;
import org.idnet.identity.v1.RegisterRealNameRequest;
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.identity.v1.VerificationStatus;
import org.idnet.sandbox.ProcessLogs;
import org.idnet.sandbox.SandboxNetwork;
import org.idnet.sandbox.SandboxSettings;
import org.idnet.tls.MutualTls;
import org.idnet.tls.TlsDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The records loader against the real network (the sandbox's PostgreSQL, Redis and identity-service
 * JVM, mutual-TLS gRPC): stopped after a few batches and resumed, it leaves exactly the records of
 * the set, and identity-service answers a loaded account as it answers one registered through the API.
 */
class RecordLoaderEndToEndTest {

  private static final long TOTAL = 2_000;
  private static final int BATCH = 300;
  private static final Caller PLATFORM = new Caller("service-account-platform-a", "platform-a", "", Set.of("platform"));

  private static Path data;
  private static SandboxNetwork network;
  private static KeyProvider keys;
  private static RecordLoader loader;
  private static RecordLoader.Target target;
  private static MutualTls asGateway;
  private static MutualTls asOtp;
  private static ManagedChannel gatewayChannel;
  private static ManagedChannel otpChannel;
  private static final RecordSet SET = new RecordSet(42, "platform-a", "rn-");
  private static RecordLoader.Outcome first;
  private static RecordLoader.Outcome resumed;
  private static final List<RecordLoader.Report> REPORTS = new ArrayList<>();

  @BeforeAll
  static void loadWithAStop() throws Exception {
    data = Files.createTempDirectory("idnet-records-e2e");
    Path home = Path.of(System.getProperty("idnet.home", "..")).toAbsolutePath().normalize();
    network = SandboxNetwork.start(SandboxSettings.onFreePorts(home, data, SandboxSettings.IssuerKind.LIGHT), Map.of(),
        ProcessLogs.ofTest(RecordLoaderEndToEndTest.class));
    var postgres = network.postgres();
    target = new RecordLoader.Target(postgres.jdbcUrl("identity"), postgres.user(), postgres.password());
    keys = VaultKeysets.plain(data.resolve("keys"), false);
    loader = new RecordLoader(target, keys);
    asGateway = MutualTls.load(TlsDirectory.require(network.tlsDirectory("gateway")), Duration.ofMinutes(1));
    asOtp = MutualTls.load(TlsDirectory.require(network.tlsDirectory("phone-otp-service")), Duration.ofMinutes(1));
    String identity = "127.0.0.1:" + network.settings().identityGrpcPort();
    gatewayChannel = asGateway.channel(identity, "identity-service").build();
    otpChannel = asOtp.channel(identity, "identity-service").build();

    RecordLoader.Plan plan = new RecordLoader.Plan(SET, TOTAL, BATCH, 2);
    AtomicInteger batches = new AtomicInteger();
    // Two writers; stops before the fourth batch: three committed (900 records), the rest left for the next run.
    first = loader.load(plan, REPORTS::add, () -> batches.incrementAndGet() > 3);
    resumed = loader.load(plan, REPORTS::add, () -> false);
  }

  @AfterAll
  static void stop() throws Exception {
    if (gatewayChannel != null) {
      gatewayChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      otpChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      asGateway.close();
      asOtp.close();
    }
    if (network != null) {
      network.close();
    }
    if (data != null) {
      try (var paths = Files.walk(data)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  void loadWhenStoppedThenResumesAtTheFirstUncommittedRecordAndEndsWithEveryRecordOnce() throws Exception {
    assertThat(first.stopped()).isTrue();
    assertThat(first.before()).isZero();
    assertThat(first.done()).isEqualTo(3L * BATCH);
    assertThat(resumed.stopped()).isFalse();
    assertThat(resumed.before()).isEqualTo(3L * BATCH);
    assertThat(resumed.done()).isEqualTo(TOTAL);
    assertThat(loader.loaded(SET)).isEqualTo(TOTAL);
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String table : RecordsRun.TABLES) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
          rs.next();
          assertThat(rs.getLong(1)).as(table).isEqualTo(TOTAL);
        }
      }
    }
    // Nothing more to do: a third run loads nothing.
    assertThat(loader.load(new RecordLoader.Plan(SET, TOTAL, BATCH, 2), r -> { }, () -> false).loaded()).isZero();
    assertThat(REPORTS).isNotEmpty();
    assertThat(REPORTS.getLast().done()).isEqualTo(TOTAL);
  }

  @Test
  void loadWhenTheSetWasLoadedWithAnotherSeedThenRefusesRatherThanMixingRecords() {
    RecordSet other = new RecordSet(43, "platform-a", "rn-");

    assertThatThrownBy(() -> loader.load(new RecordLoader.Plan(other, TOTAL, BATCH, 1), r -> { }, () -> false))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("seed 42");
  }

  /** Records from before and after the stop: row ids, timestamps and ciphertexts are those of the set. */
  @Test
  void loadedRecordsWhenReadThenHoldTheSetsRowIdsAndDecryptWithTheServicesKeys() throws Exception {
    FieldCipher cipher = new FieldCipher(keys);
    for (long i : new long[] {0, 899, 900, 1999}) {
      PersonIdentity identity = SET.identity(i);
      UUID person = SET.rowIds(i).person();
      try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
          "SELECT full_name_ciphertext, citizen_id_ciphertext FROM persons WHERE id = ?")) {
        s.setObject(1, person);
        try (ResultSet rs = s.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(cipher.decrypt(rs.getBytes(1), new FieldRef("persons", "full_name_ciphertext", person)))
              .isEqualTo(identity.fullName().value());
          assertThat(cipher.decrypt(rs.getBytes(2), new FieldRef("persons", "citizen_id_ciphertext", person)))
              .isEqualTo(identity.citizenId().value());
        }
      }
    }
  }

  @Test
  void checkAccountWhenLoadedThenAnswersAsForAnAccountRegisteredThroughTheApi() {
    long apiIndex = TOTAL + 10; // a person of the set the loader did not write
    PersonIdentity person = SET.identity(apiIndex);
    String apiAccount = "api-registered-1";
    var accounts = AccountServiceGrpc.newBlockingStub(gatewayChannel).withInterceptors(CallerMetadata.attaching(PLATFORM))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
    accounts.registerRealName(RegisterRealNameRequest.newBuilder().setAccountId(apiAccount)
        .setFullName(person.fullName().value()).setNationalId(person.citizenId().value())
        .setDateOfBirth(person.dateOfBirth().toString()).build());
    PhoneBindingServiceGrpc.newBlockingStub(otpChannel).withDeadlineAfter(30, TimeUnit.SECONDS)
        .bindPhone(BindPhoneRequest.newBuilder().setPlatformId("platform-a").setAccountId(apiAccount)
            .setPhoneNumber(SET.phone(apiIndex)).setVerificationId("api-verification-1").build());
    var verifications = AccountVerificationServiceGrpc.newBlockingStub(gatewayChannel)
        .withInterceptors(CallerMetadata.attaching(PLATFORM));

    AccountVerification api = verifications.withDeadlineAfter(30, TimeUnit.SECONDS)
        .checkAccount(CheckAccountRequest.newBuilder().setAccountId(apiAccount).build()).getVerification();
    long loadedIndex = 1234;
    AccountVerification loaded = verifications.withDeadlineAfter(30, TimeUnit.SECONDS)
        .checkAccount(CheckAccountRequest.newBuilder().setAccountId(SET.accountId(loadedIndex)).build()).getVerification();

    assertThat(api.getLevel()).isEqualTo(VerificationLevel.REAL_NAME);
    assertThat(api.getStatus()).isEqualTo(VerificationStatus.VERIFIED);
    // Equal but for what names the account and when it registered.
    assertThat(withoutIdentity(loaded)).isEqualTo(withoutIdentity(api));
    assertThat(loaded.getAccountId()).isEqualTo(SET.accountId(loadedIndex));
    assertThat(loaded.getSubjectId()).isEqualTo(new SubjectIds(keys).of("platform-a", SET.rowIds(loadedIndex).person()));
    Instant at = SET.registration(loadedIndex).at();
    assertThat(loaded.getVerifiedAt()).isEqualTo(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build());
  }

  @Test
  void lookupAccountsWhenLoadedThenEveryAccountReadsRealNameInRequestOrder() {
    var verifications = AccountVerificationServiceGrpc.newBlockingStub(gatewayChannel)
        .withInterceptors(CallerMetadata.attaching(PLATFORM)).withDeadlineAfter(30, TimeUnit.SECONDS);
    LookupAccountsRequest.Builder request = LookupAccountsRequest.newBuilder();
    for (long i = 0; i < TOTAL; i += 13) {
      request.addAccountIds(SET.accountId(i));
    }

    var results = verifications.lookupAccounts(request.build()).getResultsList();

    assertThat(results).hasSize(request.getAccountIdsCount());
    for (int k = 0; k < results.size(); k++) {
      assertThat(results.get(k).getAccountId()).isEqualTo(request.getAccountIds(k));
      assertThat(results.get(k).getLevel()).isEqualTo(VerificationLevel.REAL_NAME);
      assertThat(results.get(k).getSubjectId()).isEqualTo(
          new SubjectIds(keys).of("platform-a", SET.rowIds(13L * k).person()));
    }
  }

  private static AccountVerification withoutIdentity(AccountVerification v) {
    return v.toBuilder().clearAccountId().clearSubjectId().clearVerifiedAt().build();
  }

  private static Connection connect() throws java.sql.SQLException {
    return DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
  }
}
