package org.idnet.gateway;

import io.grpc.Contexts;
import io.grpc.Context;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerServerInterceptor;
import org.idnet.caller.PeerResolver;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.AccountVerificationServiceGrpc;
import org.idnet.identity.v1.CheckAccountRequest;
import org.idnet.identity.v1.CheckAccountResponse;
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.identity.v1.VerificationStatus;

/**
 * A stand-in for identity-service as the gateway's near cache sees it: a real gRPC server over
 * mutual TLS with the real caller check, whose answers (per platform and account) the test changes,
 * which names an opaque key with each answer ({@code x-idnet-cache-tag}, as identity-service does)
 * and announces a change on the invalidation channel only when the test says so - so a test can
 * lose the announcement on purpose. Accounts named {@code review-now-*} come with a max age of 0,
 * as a minor's in the year of the 16th birthday.
 */
final class HintingIdentity implements AutoCloseable {

  static final String CHANNEL = "idnet:near-cache:invalidations";
  private static final Metadata.Key<String> TAG = Metadata.Key.of("x-idnet-cache-tag", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> MAX_AGE =
      Metadata.Key.of("x-idnet-cache-max-age-ms", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<Metadata> PENDING = Context.key("test-hints");

  private final Map<String, VerificationStatus> statuses = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Server server;
  private final RedisClient redis;
  private final StatefulRedisConnection<String, String> publisher;

  HintingIdentity(String redisUrl) {
    try {
      server = NettyServerBuilder.forPort(0, TestTls.of("identity-service").serverCredentials())
          .addService(ServerInterceptors.intercept(new Service(), hints(),
              new CallerServerInterceptor(PeerResolver.mutualTls())))
          .build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    redis = RedisClient.create(redisUrl);
    publisher = redis.connect();
  }

  int port() {
    return server.getPort();
  }

  /** The opaque key of (platform, account): a hash, as identity-service's keyed blind index. */
  static String tag(String platform, String account) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((platform + "|" + account)
          .getBytes(StandardCharsets.UTF_8));
      return "test:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Changes the standing of one platform's account, without announcing it. */
  void set(String platform, String account, VerificationStatus status) {
    statuses.put(platform + "|" + account, status);
  }

  /** Announces a message on the invalidation channel, as identity-service (or anyone with Redis) can. */
  void announce(String message) {
    publisher.sync().publish(CHANNEL, message);
  }

  /** How many CheckAccount calls reached this backend for (platform, account). */
  int calls(String platform, String account) {
    AtomicInteger count = calls.get(platform + "|" + account);
    return count == null ? 0 : count.get();
  }

  private ServerInterceptor hints() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        Metadata pending = new Metadata();
        ServerCall<Q, R> withHints = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void sendHeaders(Metadata responseHeaders) {
            responseHeaders.merge(pending);
            super.sendHeaders(responseHeaders);
          }
        };
        return Contexts.interceptCall(Context.current().withValue(PENDING, pending), withHints, headers, next);
      }
    };
  }

  private final class Service extends AccountVerificationServiceGrpc.AccountVerificationServiceImplBase {
    @Override
    public void checkAccount(CheckAccountRequest request, StreamObserver<CheckAccountResponse> out) {
      String platform = Caller.current().platformId();
      String key = platform + "|" + request.getAccountId();
      calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      VerificationStatus status = statuses.getOrDefault(key, VerificationStatus.VERIFIED);
      Metadata pending = PENDING.get();
      pending.put(TAG, tag(platform, request.getAccountId()));
      if (request.getAccountId().startsWith("review-now-")) {
        pending.put(MAX_AGE, "0");
      }
      out.onNext(CheckAccountResponse.newBuilder().setVerification(AccountVerification.newBuilder()
          .setAccountId(request.getAccountId())
          .setStatus(status)
          .setLevel(status == VerificationStatus.VERIFIED ? VerificationLevel.PHONE : VerificationLevel.NONE)
          .setAgeBand(org.idnet.identity.v1.AgeBand.UNKNOWN)).build());
      out.onCompleted();
    }
  }

  @Override
  public void close() {
    publisher.close();
    redis.shutdown();
    server.shutdownNow();
  }
}
