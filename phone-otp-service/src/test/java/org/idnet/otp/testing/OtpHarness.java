package org.idnet.otp.testing;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerServerInterceptor;
import org.idnet.grpc.errors.ErrorMappingInterceptor;
import org.idnet.headers.ForwardedHeader;
import org.idnet.otp.api.GrpcErrors;
import org.idnet.otp.api.GrpcPhoneBinder;
import org.idnet.otp.api.PhoneVerificationGrpcService;
import org.idnet.otp.domain.CodeChecker;
import org.idnet.otp.domain.CodeGenerator;
import org.idnet.otp.domain.CodeHasher;
import org.idnet.otp.domain.HostedSessionRules;
import org.idnet.otp.domain.IdempotentStarter;
import org.idnet.otp.domain.OtpPolicy;
import org.idnet.otp.domain.PhoneBinder;
import org.idnet.otp.domain.VerificationIds;
import org.idnet.otp.domain.VerificationReader;
import org.idnet.otp.domain.VerificationStarter;
import org.idnet.otp.store.MicrometerAbuseAlarm;
import org.idnet.otp.store.PhoneCipher;
import org.idnet.otp.store.PhoneIndex;
import org.idnet.otp.store.RedisCodeChecks;
import org.idnet.otp.store.RedisConnector;
import org.idnet.otp.store.RedisIdempotencyStore;
import org.idnet.otp.store.RedisResendStore;
import org.idnet.otp.store.RedisSendLimiter;
import org.idnet.otp.store.RedisSessionCounters;
import org.idnet.otp.store.RedisVerificationStore;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc.PhoneVerificationServiceBlockingStub;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc;
import org.idnet.phone.PhoneNumberNormalizer;
import org.idnet.redis.RedisEndpoint;

/**
 * The service as production wires it (same classes as OtpConfiguration), on real Redis, behind
 * the real caller and error interceptors, served in-process; identity-service is a recording gRPC server
 * reached through the real client adapter. Only the SMS network and the clock are stand-ins.
 */
public final class OtpHarness implements AutoCloseable {

  public static final byte[] CODE_HASH_KEY = fixedKey(1);
  public static final byte[] DATA_KEY = fixedKey(2);

  public final MutableClock clock = new MutableClock(Instant.now());
  public final RecordingSmsSender sms = new RecordingSmsSender();
  public final RecordingIdentity identity = new RecordingIdentity();
  public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  public final RedisConnector redis;
  public final RedisVerificationStore store;
  public final OtpPolicy policy;
  private final Instant start = clock.instant();
  private final Server otpServer;
  private final Server identityServer;
  private final ManagedChannel otpChannel;
  private final ManagedChannel identityChannel;

  /** When set, the PhoneBinder throws it instead of calling identity-service (a bug, not an outage). */
  public volatile RuntimeException binderFailure;

  private OtpHarness(RedisEndpoint redisEndpoint, OtpPolicy policy, Duration idempotencyWindow) {
    this.policy = policy;
    this.redis = new RedisConnector(redisEndpoint, Duration.ofSeconds(1), Duration.ofMillis(200));
    SecureRandom random = new SecureRandom();
    PhoneIndex index = new PhoneIndex(CODE_HASH_KEY);
    CodeHasher hasher = new CodeHasher(CODE_HASH_KEY);
    PhoneCipher cipher = new PhoneCipher(DATA_KEY);
    store = new RedisVerificationStore(redis, cipher, policy);
    VerificationReader reader = new VerificationReader(store, clock);
    String identityName = InProcessServerBuilder.generateName();
    identityServer = start(InProcessServerBuilder.forName(identityName)
        .addService(ServerInterceptors.intercept(identity, new CallerServerInterceptor(TestPeers.RESOLVER))));
    identityChannel = InProcessChannelBuilder.forName(identityName).intercept(TestPeers.as("phone-otp-service")).build();
    VerificationStarter starter = new VerificationStarter(PhoneNumberNormalizer.smsCapable("VN", Set.of("VN")),
        new VerificationIds(random), new CodeGenerator(random), hasher, new RedisSendLimiter(redis, index, policy),
        store, new RedisResendStore(redis, index, policy), reader, sms, new MicrometerAbuseAlarm(meters), policy,
        clock);
    PhoneBinder identityBinder = new GrpcPhoneBinder(identityChannel, Duration.ofSeconds(2));
    PhoneBinder binder = binding -> {
      RuntimeException failure = binderFailure;
      if (failure != null) {
        throw failure;
      }
      identityBinder.bind(binding);
    };
    CodeChecker checker = new CodeChecker(reader, hasher, new RedisCodeChecks(redis, index, policy), binder, clock);
    IdempotentStarter creator = new IdempotentStarter(starter,
        new RedisIdempotencyStore(redis, cipher, CODE_HASH_KEY, idempotencyWindow));
    String otpName = InProcessServerBuilder.generateName();
    // As OtpServiceApplication orders them: caller check outermost, then status mapping, then the key.
    otpServer = start(InProcessServerBuilder.forName(otpName).addService(ServerInterceptors.intercept(
        new PhoneVerificationGrpcService(creator, starter, reader, checker,
            new HostedSessionRules(new RedisSessionCounters(redis))), ForwardedHeader.IDEMPOTENCY_KEY,
        new ErrorMappingInterceptor(GrpcErrors::refusal), new CallerServerInterceptor(TestPeers.RESOLVER))));
    otpChannel = InProcessChannelBuilder.forName(otpName).build();
  }

  /** A harness on database {@code db} of the shared test Redis, emptied first. */
  public static OtpHarness onSharedRedis(int db, Consumer<TestPolicy> tweaks) {
    TestPolicy policy = new TestPolicy();
    tweaks.accept(policy);
    OtpHarness harness = new OtpHarness(endpoint(org.idnet.stores.TestStores.redis().uri() + "/" + db),
        policy.build(), policy.idempotencyWindow);
    harness.reset();
    return harness;
  }

  public static OtpHarness on(String redisUri, Consumer<TestPolicy> tweaks) {
    return on(endpoint(redisUri), tweaks);
  }

  /** A harness on the Redis of {@code redis} (a Sentinel URL with its CA file, say). */
  public static OtpHarness on(RedisEndpoint redis, Consumer<TestPolicy> tweaks) {
    TestPolicy policy = new TestPolicy();
    tweaks.accept(policy);
    return new OtpHarness(redis, policy.build(), policy.idempotencyWindow);
  }

  public static RedisEndpoint endpoint(String redisUri) {
    return RedisEndpoint.of("idnet.otp.redis-url", redisUri, null);
  }

  /** A stub calling as {@code platformId} with the platform role, stated by the gateway. */
  public PhoneVerificationServiceBlockingStub platform(String platformId) {
    Caller caller = new Caller("client:" + platformId, platformId, "", Set.of("platform"));
    return PhoneVerificationServiceGrpc.newBlockingStub(otpChannel)
        .withInterceptors(TestPeers.gateway(caller))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /**
   * A stub calling as a hosted session of {@code platformId} (docs/pages.md section 3.3), stated by
   * the gateway with the session's id and account scope (the account first, then the guardian).
   */
  public PhoneVerificationServiceBlockingStub session(String platformId, String sessionId, String... scope) {
    Caller caller = new Caller("hosted-session:" + sessionId, platformId, "", Set.of("platform"), sessionId,
        java.util.List.of(scope));
    return PhoneVerificationServiceGrpc.newBlockingStub(otpChannel)
        .withInterceptors(TestPeers.gateway(caller))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /** As {@link #platform}, sending {@code key} as the Idempotency-Key, as the gateway passes it on. */
  public PhoneVerificationServiceBlockingStub platform(String platformId, String key) {
    Metadata headers = new Metadata();
    headers.put(ForwardedHeader.IDEMPOTENCY_KEY.metadataKey(), key);
    return platform(platformId).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** Calls from the gateway's peer that state no caller. */
  public PhoneVerificationServiceBlockingStub withoutCaller() {
    return PhoneVerificationServiceGrpc.newBlockingStub(otpChannel).withInterceptors(TestPeers.as("gateway"));
  }

  /** Empties the database and every stand-in; the clock goes back to the start. */
  public void reset() {
    redis.call(r -> r.flushdb());
    sms.reset();
    identity.reset();
    binderFailure = null;
    clock.set(start);
  }

  @Override
  public void close() {
    otpChannel.shutdownNow();
    identityChannel.shutdownNow();
    otpServer.shutdownNow();
    identityServer.shutdownNow();
    redis.close();
  }

  private static Server start(InProcessServerBuilder builder) {
    try {
      return builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] fixedKey(int seed) {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (seed * 31 + i);
    }
    return key;
  }

  public static String base64(byte[] key) {
    return Base64.getEncoder().encodeToString(key);
  }
}
