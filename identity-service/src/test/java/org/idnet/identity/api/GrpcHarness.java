package org.idnet.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.zaxxer.hikari.HikariDataSource;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerCodec;
import org.idnet.caller.CallerCredentials;
import org.idnet.caller.CallerServerInterceptor;
import org.idnet.identity.domain.AccountVerifier;
import org.idnet.identity.domain.CapabilityPolicy;
import org.idnet.identity.domain.PhoneBinder;
import org.idnet.identity.domain.PhoneBindingStore;
import org.idnet.identity.store.JdbcPhoneBindingStore;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.AccountVerificationServiceGrpc;
import org.idnet.identity.v1.BindPhoneRequest;
import org.idnet.identity.v1.CheckAccountRequest;
import org.idnet.identity.v1.PhoneBindingServiceGrpc;
import org.idnet.identity.vault.BlindIndex;
import org.idnet.identity.vault.FieldCipher;
import org.idnet.identity.vault.KeyProvider;
import org.idnet.identity.vault.KeysetFileKeyProvider;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The two services behind the production interceptor chain (caller check outermost, then status
 * mapping) on an in-process server, with stubs that carry signed callers.
 */
final class GrpcHarness implements AutoCloseable {

  static final CallerCodec CODEC = new CallerCodec("identity-grpc-test-caller-key-0123456789".getBytes(),
      Clock.systemUTC(), Duration.ofSeconds(60));
  static final Caller PLATFORM_A = new Caller("sa-platform-a", "platform-a", "", Set.of("platform"));
  static final Caller PLATFORM_B = new Caller("sa-platform-b", "platform-b", "", Set.of("platform"));
  static final Caller OTP = new Caller("phone-otp-service", "phone-otp-service", "", Set.of("internal:phone-otp"));
  static final Instant NOW = Instant.parse("2026-03-04T05:06:07.000123Z");

  private final Server server;
  private final ManagedChannel channel;

  GrpcHarness(PhoneBindingStore store, CapabilityPolicy policy) throws IOException {
    AccountVerifier verifier = new AccountVerifier(store, policy);
    PhoneBinder binder = new PhoneBinder(store, verifier, Clock.fixed(NOW, ZoneOffset.UTC));
    CallerServerInterceptor callers = new CallerServerInterceptor(CODEC);
    ErrorMappingInterceptor errors = new ErrorMappingInterceptor();
    String name = InProcessServerBuilder.generateName();
    // ServerInterceptors.intercept runs the last interceptor first.
    server = InProcessServerBuilder.forName(name)
        .addService(ServerInterceptors.intercept(new AccountVerificationGrpcService(verifier), errors, callers))
        .addService(ServerInterceptors.intercept(new PhoneBindingGrpcService(binder), errors, callers))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  static JdbcPhoneBindingStore store(HikariDataSource dataSource, KeyProvider keys) {
    return new JdbcPhoneBindingStore(dataSource, new DataSourceTransactionManager(dataSource), new FieldCipher(keys),
        new BlindIndex(keys));
  }

  static KeyProvider newKeys() throws IOException {
    return new KeysetFileKeyProvider(Files.createTempDirectory("identity-keys"), true);
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  AccountVerificationServiceGrpc.AccountVerificationServiceBlockingStub checks(Caller caller) {
    return AccountVerificationServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(new CallerCredentials(caller, CODEC)).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  PhoneBindingServiceGrpc.PhoneBindingServiceBlockingStub binds(Caller caller) {
    return PhoneBindingServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(new CallerCredentials(caller, CODEC)).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  AccountVerification check(Caller caller, String accountId) {
    return checks(caller).checkAccount(CheckAccountRequest.newBuilder().setAccountId(accountId).build())
        .getVerification();
  }

  AccountVerification bind(String platform, String accountId, String phone, String verificationId) {
    return binds(OTP).bindPhone(bindRequest(platform, accountId, phone, verificationId)).getVerification();
  }

  static BindPhoneRequest bindRequest(String platform, String accountId, String phone, String verificationId) {
    return BindPhoneRequest.newBuilder().setPlatformId(platform).setAccountId(accountId).setPhoneNumber(phone)
        .setVerificationId(verificationId).build();
  }

  static ErrorInfo errorInfo(StatusRuntimeException e) throws InvalidProtocolBufferException {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).as("status details").isNotNull();
    for (var detail : status.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        return detail.unpack(ErrorInfo.class);
      }
    }
    throw new AssertionError("no ErrorInfo in " + status);
  }

  static Optional<BadRequest> badRequest(StatusRuntimeException e) throws InvalidProtocolBufferException {
    for (var detail : StatusProto.fromThrowable(e).getDetailsList()) {
      if (detail.is(BadRequest.class)) {
        return Optional.of(detail.unpack(BadRequest.class));
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
  }
}
