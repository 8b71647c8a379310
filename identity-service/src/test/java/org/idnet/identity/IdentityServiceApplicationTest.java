package org.idnet.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
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
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerCodec;
import org.idnet.caller.CallerCredentials;
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
 * directory: wiring, Flyway, interceptors, configuration binding, health and metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdentityServiceApplicationTest {

  static final byte[] KEY = "identity-app-test-caller-signing-key-0123456789".getBytes();
  static final CallerCodec CODEC = CallerCodec.fromBase64Key(Base64.getEncoder().encodeToString(KEY));
  static final Path KEYS;
  /** disclosure-service's grant-signing key, as its published public keyset file. */
  static final KeysetHandle GRANT_SIGNING;
  static final Path GRANT_PUBLIC_KEYSET;
  static ManagedChannel channel;

  static {
    try {
      KEYS = Files.createTempDirectory("identity-app-keys").resolve("keys");
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
    String url = TestStores.newDatabase("identity_app");
    registry.add("spring.datasource.url", () -> url);
    registry.add("spring.datasource.username", () -> TestStores.postgres().user());
    registry.add("spring.datasource.password", () -> TestStores.postgres().password());
    registry.add("spring.grpc.server.port", () -> "0");
    registry.add("idnet.caller.signing-key", () -> Base64.getEncoder().encodeToString(KEY));
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

  @Value("${local.server.port}")
  int httpPort;

  ManagedChannel channel() {
    if (channel == null) {
      channel = Grpc.newChannelBuilder("localhost:" + grpcPort.port, InsecureChannelCredentials.create()).build();
    }
    return channel;
  }

  @AfterAll
  static void close() {
    if (channel != null) {
      channel.shutdownNow();
    }
  }

  String http(String path) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  @Test
  void checkOverARealSocketAnswersFromPostgresWithTheConfiguredPolicy() {
    Caller platform = new Caller("sa-platform-a", "platform-a", "", Set.of("platform"));
    Caller otp = new Caller("phone-otp-service", "phone-otp-service", "", Set.of("internal:phone-otp"));
    var checks = AccountVerificationServiceGrpc.newBlockingStub(channel())
        .withCallCredentials(new CallerCredentials(platform, CODEC));
    var binds = PhoneBindingServiceGrpc.newBlockingStub(channel())
        .withCallCredentials(new CallerCredentials(otp, CODEC));

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
    var accounts = AccountServiceGrpc.newBlockingStub(channel()).withCallCredentials(new CallerCredentials(platform, CODEC))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
    var checks = AccountVerificationServiceGrpc.newBlockingStub(channel())
        .withCallCredentials(new CallerCredentials(platform, CODEC)).withDeadlineAfter(10, TimeUnit.SECONDS);

    // The production register adapter points at a closed port here: the register cannot answer.
    var registration = catchThrowableOfType(StatusRuntimeException.class, () -> accounts.registerRealName(
        RegisterRealNameRequest.newBuilder().setAccountId("bob").setFullName("Nguyễn Văn Bình")
            .setNationalId("079090123456").setDateOfBirth("1990-05-17").build()));
    var lookup = checks.lookupAccounts(LookupAccountsRequest.newBuilder().addAccountIds("bob").addAccountIds("carol")
        .addAccountIds("bob").build());
    accounts.closeAccount(CloseAccountRequest.newBuilder().setAccountId("bob").build());
    NumberEventServiceGrpc.newBlockingStub(channel()).withCallCredentials(new CallerCredentials(carrier, CODEC))
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

  @Test
  void everyCallPassesTheCallerCheckThenTheStatusMapping() {
    Caller platform = new Caller("sa-platform-a", "platform-a", "", Set.of("platform"));
    CheckAccountRequest bad = CheckAccountRequest.newBuilder().setAccountId("not valid").build();

    var unsigned = catchThrowableOfType(StatusRuntimeException.class, () -> AccountVerificationServiceGrpc
        .newBlockingStub(channel()).withDeadlineAfter(10, TimeUnit.SECONDS).checkAccount(bad));
    var platformBinding = catchThrowableOfType(StatusRuntimeException.class, () -> PhoneBindingServiceGrpc
        .newBlockingStub(channel()).withCallCredentials(new CallerCredentials(platform, CODEC))
        .withDeadlineAfter(10, TimeUnit.SECONDS).bindPhone(BindPhoneRequest.newBuilder().setPlatformId("platform-a")
            .setAccountId("mallory").setPhoneNumber("+84912345678").setVerificationId("v-app-2").build()));
    var invalid = catchThrowableOfType(StatusRuntimeException.class, () -> AccountVerificationServiceGrpc
        .newBlockingStub(channel()).withCallCredentials(new CallerCredentials(platform, CODEC))
        .withDeadlineAfter(10, TimeUnit.SECONDS).checkAccount(bad));

    assertThat(unsigned.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(platformBinding.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(StatusProto.fromThrowable(invalid).getDetailsList())
        .anySatisfy(detail -> assertThat(detail.is(ErrorInfo.class)).isTrue());
  }

  @Test
  void releaseIdentityIsWiredBehindTheCallerCheckAndTrustsThePublishedGrantKey() throws Exception {
    Caller disclosure = new Caller("disclosure-service", "disclosure-service", "", Set.of("internal:disclosure"));
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
        .newBlockingStub(channel()).withCallCredentials(new CallerCredentials(platform, CODEC))
        .withDeadlineAfter(10, TimeUnit.SECONDS).releaseIdentity(request));
    // Signed with the trusted key, but without the officials' evidence: refused, recorded, counted.
    var noEvidence = catchThrowableOfType(StatusRuntimeException.class, () -> IdentityReleaseServiceGrpc
        .newBlockingStub(channel()).withCallCredentials(new CallerCredentials(disclosure, CODEC))
        .withDeadlineAfter(10, TimeUnit.SECONDS).releaseIdentity(request));

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(refused.getStatus().getDescription()).doesNotContain("grant refused");
    assertThat(noEvidence.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(noEvidence.getStatus().getDescription()).contains("grant refused (filed)");
    assertThat(http("/actuator/prometheus")).contains("idnet_identity_release_refusals_total{reason=\"filed\"} 1.0");
  }

  @Test
  void healthIsServingOverGrpcAndReadyOverHttp() throws Exception {
    HealthCheckResponse health = HealthGrpc.newBlockingStub(channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance());

    assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(http("/actuator/health/readiness")).contains("\"status\":\"UP\"");
    assertThat(http("/actuator/health/liveness")).contains("\"status\":\"UP\"");
    assertThat(http("/actuator/prometheus")).contains("jvm_memory_used_bytes");
  }

  @Test
  void sandboxCitizensAreNotServedWithoutTheSandboxProfile() {
    var e = catchThrowableOfType(StatusRuntimeException.class, () -> SandboxCitizensServiceGrpc
        .newBlockingStub(channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
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
}
