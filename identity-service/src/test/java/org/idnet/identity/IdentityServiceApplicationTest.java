package org.idnet.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.StatusProto;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerMetadata;
import org.idnet.tls.MutualTls;
import org.idnet.tls.TlsDirectory;
import org.idnet.tls.dev.DevelopmentCa;
import org.idnet.identity.v1.AccountServiceGrpc;
import org.idnet.identity.v1.AccountVerificationServiceGrpc;
import org.idnet.identity.v1.CloseAccountRequest;
import org.idnet.identity.v1.LookupAccountsRequest;
import org.idnet.identity.v1.NumberEventServiceGrpc;
import org.idnet.identity.v1.NumberEventType;
import org.idnet.identity.v1.RecordNumberEventRequest;
import org.idnet.identity.v1.RegisterRealNameRequest;
import org.idnet.identity.v1.BindPhoneRequest;
import org.idnet.identity.v1.Capability;
import org.idnet.identity.v1.CheckAccountRequest;
import org.idnet.identity.v1.DisclosureGrant;
import org.idnet.identity.v1.IdentityField;
import org.idnet.identity.v1.IdentityReleaseServiceGrpc;
import org.idnet.identity.v1.ReleaseIdentityRequest;
import org.idnet.identity.v1.PhoneBindingServiceGrpc;
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.identity.v1.VerificationStatus;
import org.idnet.sandbox.v1.ListCitizensRequest;
import org.idnet.sandbox.v1.SandboxCitizensServiceGrpc;
import org.idnet.keysets.PublicKeysetFile;
import org.idnet.keysets.TinkRegistration;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real application on random ports against a real PostgreSQL, keys generated in a temporary
 * directory, certificates from a test CA: wiring, Flyway, mutual TLS, interceptors, configuration
 * binding, health and metrics on the management port (and nothing else there).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdentityServiceApplicationTest {

  /** The test CA's certificates: identity-service's own, and its peers'. */
  static final Path TLS;
  static final DevelopmentCa CA = DevelopmentCa.create("identity-app-test CA", Duration.ofDays(1));
  static final Map<String, ManagedChannel> CHANNELS = new ConcurrentHashMap<>();
  static final Map<String, MutualTls> PEERS = new ConcurrentHashMap<>();
  static final Path KEYS;
  /** disclosure-service's grant-signing key, as its published public keyset file. */
  static final KeysetHandle GRANT_SIGNING;
  static final Path GRANT_PUBLIC_KEYSET;

  static {
    try {
      KEYS = Files.createTempDirectory("identity-app-keys").resolve("keys");
      TLS = Files.createTempDirectory("identity-app-tls");
      for (String service : new String[] {"identity-service", "gateway", "phone-otp-service", "disclosure-service"}) {
        CA.issueTo(TLS, service);
      }
      TinkRegistration.ensure();
      GRANT_SIGNING = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
      GRANT_PUBLIC_KEYSET = KEYS.resolveSibling("grant-signing-public-keyset.json");
      PublicKeysetFile.write(GRANT_PUBLIC_KEYSET, GRANT_SIGNING);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    // As production runs it: the service as its application role, Flyway as the owner.
    TestDatabase.springProperties(TestStores.newDatabase("identity_app")).forEach((name, value) ->
        registry.add(name, () -> value));
    registry.add("spring.grpc.server.port", () -> "0");
    registry.add("idnet.tls.directory", () -> TLS.resolve("identity-service").toString());
    registry.add("idnet.identity.keys.directory", KEYS::toString);
    registry.add("idnet.identity.keys.create-if-missing", () -> "true");
    registry.add("idnet.identity.disclosure-grants.public-keyset-file", GRANT_PUBLIC_KEYSET::toString);
    registry.add("idnet.evidence.issuer-uri", () -> "http://127.0.0.1:9/realms/idnet");
    // The production register adapter is wired but never called here: nothing listens on port 1.
    registry.add("idnet.identity.register.url", () -> "http://127.0.0.1:1");
    registry.add("idnet.identity.register.api-key", () -> "identity-app-test-register-key");
    registry.add("idnet.identity.capabilities.phone", () -> "COMMENT,POST");
    registry.add("idnet.identity.cache.redis-url", () -> TestStores.redis().uri());
    registry.add("idnet.identity.cache.key-prefix", () -> "app-test-" + ProcessHandle.current().pid() + ":");
    registry.add("idnet.identity.number-events.per-carrier.permits", () -> "2");
    registry.add("idnet.identity.number-events.per-carrier.period", () -> "1h");
  }

  /** Learns the gRPC server's random port when it starts. */
  @TestConfiguration(proxyBeanMethods = false)
  static class GrpcPort implements ApplicationListener<GrpcServerStartedEvent> {
    volatile int port;

    @Override
    public void onApplicationEvent(GrpcServerStartedEvent event) {
      port = event.getPort();
    }
  }

  @Autowired
  GrpcPort grpcPort;
  @Autowired
  org.springframework.context.ApplicationContext context;
  @Autowired
  org.idnet.identity.store.IssuerKeyRefresh issuerKeyRefresh;

  @Value("${local.server.port}")
  int httpPort;

  /** A channel to identity-service that presents {@code peer}'s certificate. */
  ManagedChannel channel(String peer) {
    return CHANNELS.computeIfAbsent(peer, p -> PEERS.computeIfAbsent(p, q -> MutualTls.load(
        TlsDirectory.require(TLS.resolve(q)), Duration.ofMinutes(1))).channel("localhost:" + grpcPort.port,
        "identity-service").build());
  }

  /** The gateway's channel; its calls state {@code caller}. */
  AccountVerificationServiceGrpc.AccountVerificationServiceBlockingStub checks(Caller caller) {
    return AccountVerificationServiceGrpc.newBlockingStub(channel("gateway"))
        .withInterceptors(CallerMetadata.attaching(caller)).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void close() {
    CHANNELS.values().forEach(ManagedChannel::shutdownNow);
    PEERS.values().forEach(MutualTls::close);
  }

  String http(String path) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  /** The issuer here (port 9) never answers: the service is up all the same, and keeps trying on its schedule. */
  @Test
  void theIssuersKeysAreFetchedOnAScheduleAndTheServiceStartsWithoutTheIssuer() {
    assertThat(issuerKeyRefresh.isRunning()).isTrue();
  }

  @Test
  void checkOverARealSocketAnswersFromPostgresWithTheConfiguredPolicy() {
    Caller platform = new Caller("sa-platform-a", "platform-a", "", Set.of("platform"));
    var checks = checks(platform);
    var binds = PhoneBindingServiceGrpc.newBlockingStub(channel("phone-otp-service"));

    var before = checks.withDeadlineAfter(10, TimeUnit.SECONDS)
        .checkAccount(CheckAccountRequest.newBuilder().setAccountId("alice").build()).getVerification();
    binds.withDeadlineAfter(10, TimeUnit.SECONDS).bindPhone(BindPhoneRequest.newBuilder().setPlatformId("platform-a")
        .setAccountId("alice").setPhoneNumber("+84912345678").setVerificationId("v-app-1").build());
    var after = checks.withDeadlineAfter(10, TimeUnit.SECONDS)
        .checkAccount(CheckAccountRequest.newBuilder().setAccountId("alice").build()).getVerification();

    assertThat(before.getStatus()).isEqualTo(VerificationStatus.UNVERIFIED);
    assertThat(after.getStatus()).isEqualTo(VerificationStatus.VERIFIED);
    assertThat(after.getLevel()).isEqualTo(VerificationLevel.PHONE);
    assertThat(after.getCapabilitiesList()).containsExactly(Capability.COMMENT, Capability.POST);
  }

  @Test
  void newServicesAreWiredBehindTheCallerCheck() throws Exception {
    Caller platform = new Caller("sa-platform-a", "platform-a", "", Set.of("platform"));
    Caller carrier = new Caller("sa-carrier-1", "carrier-1", "", Set.of("carrier"));
    var accounts = AccountServiceGrpc.newBlockingStub(channel("gateway")).withInterceptors(CallerMetadata.attaching(platform))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
    var checks = checks(platform);

    // The production register adapter points at a closed port here: the register cannot answer.
    var registration = catchThrowableOfType(StatusRuntimeException.class, () -> accounts.registerRealName(
        RegisterRealNameRequest.newBuilder().setAccountId("bob").setFullName("Nguyễn Văn Bình")
            .setNationalId("079090123456").setDateOfBirth("1990-05-17").build()));
    var lookup = checks.lookupAccounts(LookupAccountsRequest.newBuilder().addAccountIds("bob").addAccountIds("carol")
        .addAccountIds("bob").build());
    accounts.closeAccount(CloseAccountRequest.newBuilder().setAccountId("bob").build());
    NumberEventServiceGrpc.newBlockingStub(channel("gateway")).withInterceptors(CallerMetadata.attaching(carrier))
        .withDeadlineAfter(10, TimeUnit.SECONDS).recordNumberEvent(RecordNumberEventRequest.newBuilder()
            .setPhoneNumber("0912345670").setType(NumberEventType.DISCONNECTED)
            .setOccurredAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(java.time.Instant.now().getEpochSecond()))
            .build());

    assertThat(registration.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(StatusProto.fromThrowable(registration).getDetails(0).unpack(ErrorInfo.class).getReason())
        .isEqualTo("register-unavailable");
    assertThat(lookup.getResultsList()).extracting(r -> r.getAccountId() + "=" + r.getStatus())
        .containsExactly("bob=UNVERIFIED", "carol=UNVERIFIED", "bob=UNVERIFIED");
  }

  /**
   * The event outbox is wired behind the caller check: over mutual TLS, the certificates of the
   * other services are refused (webhook-dispatcher's own is the lead's module to issue); and the
   * coming-of-age job is scheduled.
   */
  @Test
  void eventOutboxRefusesEveryOtherPeerAndTheComingOfAgeJobIsScheduled() {
    for (String peer : List.of("gateway", "phone-otp-service", "disclosure-service")) {
      StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () ->
          org.idnet.outbox.v1.EventOutboxServiceGrpc.newBlockingStub(channel(peer)).withDeadlineAfter(10, TimeUnit.SECONDS)
              .readEvents(org.idnet.outbox.v1.ReadEventsRequest.newBuilder().setLimit(1).build()));
      assertThat(refused.getStatus().getCode()).as(peer).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(refused.getStatus().getDescription()).as(peer).contains("peer " + peer + " may not call");
    }
    assertThat(context.getBeanNamesForType(org.springframework.scheduling.annotation.SchedulingConfigurer.class))
        .contains("identityJobs");
  }

  @Test
  void importsAreServedWithTheIdempotencyKeyAndTheScheduledJobBindsTheirLines() throws Exception {
    Caller platform = new Caller("sa-platform-imports", "platform-imports", "", Set.of("platform"));
    io.grpc.Metadata key = new io.grpc.Metadata();
    key.put(io.grpc.Metadata.Key.of("idempotency-key", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "app-test-import");
    var imports = org.idnet.identity.v1.AccountImportServiceGrpc.newBlockingStub(channel("gateway"))
        .withInterceptors(CallerMetadata.attaching(platform)).withDeadlineAfter(10, TimeUnit.SECONDS);
    var created = imports.withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(key))
        .createImport(org.idnet.identity.v1.CreateImportRequest.getDefaultInstance()).getImport();
    var repeated = imports.withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(key))
        .createImport(org.idnet.identity.v1.CreateImportRequest.getDefaultInstance()).getImport();
    java.time.Instant verified = java.time.Instant.now().minus(java.time.Duration.ofDays(2));
    imports.addImportBatch(org.idnet.identity.v1.AddImportBatchRequest.newBuilder().setImportId(created.getId())
        .setBatchNumber(1).addLines(org.idnet.identity.v1.ImportLine.newBuilder().setLine(1).setAccountId("imported-1")
            .setPhoneNumber("+84912000901").setVerifiedAt(com.google.protobuf.Timestamp.newBuilder()
                .setSeconds(verified.getEpochSecond())))
        .build());
    imports.completeImport(org.idnet.identity.v1.CompleteImportRequest.newBuilder().setImportId(created.getId()).build());

    org.idnet.identity.v1.Import report;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    do {
      Thread.sleep(100);
      report = imports.getImport(org.idnet.identity.v1.GetImportRequest.newBuilder().setImportId(created.getId())
          .build()).getImport();
    } while (report.getStatus() != org.idnet.identity.v1.ImportStatus.DONE && System.nanoTime() < deadline);

    assertThat(repeated.getId()).isEqualTo(created.getId());
    assertThat(report.getStatus()).isEqualTo(org.idnet.identity.v1.ImportStatus.DONE);
    assertThat(report.getLinesBound()).isEqualTo(1);
    var answer = checks(platform).checkAccount(CheckAccountRequest.newBuilder().setAccountId("imported-1").build())
        .getVerification();
    assertThat(answer.getPhoneSource()).isEqualTo(org.idnet.identity.v1.PhoneSource.IMPORTED);
    assertThat(context.getBeanNamesForType(org.springframework.scheduling.annotation.SchedulingConfigurer.class))
        .contains("importJobs");
  }

  @Test
  void everyCallPassesTheCallerCheckThenTheStatusMapping() {
    Caller platform = new Caller("sa-platform-a", "platform-a", "", Set.of("platform"));
    CheckAccountRequest bad = CheckAccountRequest.newBuilder().setAccountId("not valid").build();

    var unsigned = catchThrowableOfType(StatusRuntimeException.class, () -> AccountVerificationServiceGrpc
        .newBlockingStub(channel("gateway")).withDeadlineAfter(10, TimeUnit.SECONDS).checkAccount(bad));
    var platformBinding = catchThrowableOfType(StatusRuntimeException.class, () -> PhoneBindingServiceGrpc
        .newBlockingStub(channel("gateway")).withInterceptors(CallerMetadata.attaching(platform))
        .withDeadlineAfter(10, TimeUnit.SECONDS).bindPhone(BindPhoneRequest.newBuilder().setPlatformId("platform-a")
            .setAccountId("mallory").setPhoneNumber("+84912345678").setVerificationId("v-app-2").build()));
    var invalid = catchThrowableOfType(StatusRuntimeException.class, () -> checks(platform).checkAccount(bad));

    assertThat(unsigned.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(platformBinding.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(StatusProto.fromThrowable(invalid).getDetailsList())
        .anySatisfy(detail -> assertThat(detail.is(ErrorInfo.class)).isTrue());
  }

  @Test
  void releaseIdentityIsWiredBehindTheCallerCheckAndTrustsThePublishedGrantKey() throws Exception {
    Caller platform = new Caller("sa-platform-a", "platform-a", "", Set.of("platform"));
    java.time.Instant now = java.time.Instant.now();
    byte[] grant = DisclosureGrant.newBuilder().setGrantId(java.util.UUID.randomUUID().toString())
        .setRequestId(java.util.UUID.randomUUID().toString()).setPlatformId("platform-a").setAccountId("nobody")
        .addFields(IdentityField.FULL_NAME).setAudience("identity-service")
        .setIssuedAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
        .setExpiresAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(now.getEpochSecond() + 30))
        .build().toByteArray();
    ReleaseIdentityRequest request = ReleaseIdentityRequest.newBuilder().setGrant(ByteString.copyFrom(grant))
        .setSignature(ByteString.copyFrom(GRANT_SIGNING.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class)
            .sign(grant)))
        .setKeyId(Integer.toUnsignedString(GRANT_SIGNING.getPrimary().getId())).build();

    var refused = catchThrowableOfType(StatusRuntimeException.class, () -> IdentityReleaseServiceGrpc
        .newBlockingStub(channel("gateway")).withInterceptors(CallerMetadata.attaching(platform))
        .withDeadlineAfter(10, TimeUnit.SECONDS).releaseIdentity(request));
    var otpRefused = catchThrowableOfType(StatusRuntimeException.class, () -> IdentityReleaseServiceGrpc
        .newBlockingStub(channel("phone-otp-service")).withDeadlineAfter(10, TimeUnit.SECONDS).releaseIdentity(request));
    // From the right peer, signed with the trusted key, but without the officials' evidence: refused,
    // recorded, counted.
    var noEvidence = catchThrowableOfType(StatusRuntimeException.class, () -> IdentityReleaseServiceGrpc
        .newBlockingStub(channel("disclosure-service")).withDeadlineAfter(10, TimeUnit.SECONDS).releaseIdentity(request));

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(refused.getStatus().getDescription()).doesNotContain("grant refused");
    assertThat(otpRefused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(otpRefused.getStatus().getDescription()).doesNotContain("grant refused");
    assertThat(noEvidence.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(noEvidence.getStatus().getDescription()).contains("grant refused (filed)");
    assertThat(http("/actuator/prometheus")).contains("idnet_identity_release_refusals_total{reason=\"filed\"} 1.0");
  }

  @Test
  void healthIsServingOverGrpcAndReadyOverHttp() throws Exception {
    HealthCheckResponse health = HealthGrpc.newBlockingStub(channel("gateway")).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance());

    assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(http("/actuator/health/readiness")).contains("\"status\":\"UP\"");
    assertThat(http("/actuator/health/liveness")).contains("\"status\":\"UP\"");
    // The series k8s/components/monitoring's alerts and dashboard name (MonitoringTest lists them):
    // the gRPC server observation (through the mutual-TLS server's global interceptors), the pool, the JVM.
    assertThat(http("/actuator/prometheus")).contains("jvm_memory_used_bytes", "jvm_memory_max_bytes",
        "process_cpu_usage", "hikaricp_connections_pending", "hikaricp_connections_active", "hikaricp_connections_max",
        "grpc_server_seconds_count{", "grpc_status_code=\"OK\"", "rpc_method=\"Check\"");
  }

  @Test
  void sandboxCitizensAreNotServedWithoutTheSandboxProfile() {
    var e = catchThrowableOfType(StatusRuntimeException.class, () -> SandboxCitizensServiceGrpc
        .newBlockingStub(channel("gateway")).withDeadlineAfter(10, TimeUnit.SECONDS)
        .listCitizens(ListCitizensRequest.getDefaultInstance()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
  }

  @Test
  void sandboxKeysWereGeneratedAndMarked() {
    assertThat(KEYS.resolve("aead-keyset.json")).isRegularFile();
    assertThat(KEYS.resolve("blind-index-keyset.json")).isRegularFile();
    assertThat(KEYS.resolve("subject-id-keyset.json")).isRegularFile();
    assertThat(KEYS.resolve("SANDBOX-DEVELOPMENT-KEYS.txt")).isRegularFile();
  }

  @Test
  void eachCarriersReportsAreLimitedAndCountedOnPrometheus() throws Exception {
    Caller carrier = new Caller("service-account-carrier-app", "carrier-app", "", Set.of("carrier"));
    var events = NumberEventServiceGrpc.newBlockingStub(channel("gateway"))
        .withInterceptors(CallerMetadata.attaching(carrier));
    RecordNumberEventRequest.Builder event = RecordNumberEventRequest.newBuilder().setType(NumberEventType.PORTED)
        .setOccurredAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(java.time.Instant.now().getEpochSecond()));
    for (String phone : new String[] {"0912345681", "0912345682"}) {
      events.withDeadlineAfter(10, TimeUnit.SECONDS).recordNumberEvent(event.setPhoneNumber(phone).build());
    }

    var third = catchThrowableOfType(StatusRuntimeException.class, () -> events.withDeadlineAfter(10,
        TimeUnit.SECONDS).recordNumberEvent(event.setPhoneNumber("0912345683").build()));

    assertThat(third.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(http("/actuator/prometheus"))
        .contains("idnet_identity_number_events_total{carrier=\"carrier-app\",outcome=\"recorded\",type=\"ported\"} 2.0")
        .contains("idnet_identity_number_events_total{carrier=\"carrier-app\",outcome=\"rate-limited\",type=\"ported\"} 1.0");
  }

  @Test
  void grpcPortRefusesPlaintext() {
    ManagedChannel plain = NettyChannelBuilder.forTarget("localhost:" + grpcPort.port).usePlaintext().build();
    try {
      var e = catchThrowableOfType(StatusRuntimeException.class, () -> HealthGrpc.newBlockingStub(plain)
          .withDeadlineAfter(10, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    } finally {
      plain.shutdownNow();
    }
  }

  @Test
  void managementPortServesHealthAndMetricsOnly() throws Exception {
    assertThat(http("/actuator")).contains("health").contains("prometheus").doesNotContain("\"env\"")
        .doesNotContain("\"beans\"");
    for (String path : new String[] {"/", "/actuator/env", "/actuator/beans", "/actuator/configprops",
        "/idnet.identity.v1.AccountVerificationService/CheckAccount", "/sandbox/citizens", "/v1/accounts/a/verification"}) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path).isEqualTo(404);
    }
  }
}
