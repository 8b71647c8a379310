package org.idnet.identity.api;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import org.idnet.identity.v1.AccountVerificationServiceGrpc;

/**
 * What the gateway's near cache needs to keep a CheckAccount answer, sent as response headers the
 * gateway reads and never passes on: {@value #TAG_NAME}, the opaque key under which the account's
 * invalidations are announced (the Redis key of the answer cache: a keyed blind index of platform
 * and account, which the gateway cannot compute and from which nobody can recover the account id),
 * and, when the standing has a review time, {@value #MAX_AGE_NAME}, the milliseconds until it (0:
 * not to be kept at all, as for a minor in the year of the 16th birthday). Without a tag the
 * gateway keeps nothing, so an identity-service that announces no invalidations gets no near cache.
 */
public final class NearCacheHints implements ServerInterceptor {

  public static final String TAG_NAME = "x-idnet-cache-tag";
  public static final String MAX_AGE_NAME = "x-idnet-cache-max-age-ms";
  public static final Metadata.Key<String> TAG = Metadata.Key.of(TAG_NAME, Metadata.ASCII_STRING_MARSHALLER);
  public static final Metadata.Key<String> MAX_AGE = Metadata.Key.of(MAX_AGE_NAME, Metadata.ASCII_STRING_MARSHALLER);
  /** A review time further away says no more than this: a gateway keeps answers for about a second. */
  private static final long MAX_AGE_CAP_MILLIS = Duration.ofDays(1).toMillis();
  private static final Context.Key<Metadata> PENDING = Context.key("idnet-near-cache-hints");
  private static final String METHOD = AccountVerificationServiceGrpc.getCheckAccountMethod().getFullMethodName();

  private final BiFunction<String, String, String> tags;
  private final Clock clock;

  /** @param tags the opaque key of (platform id, account id), as the answer cache names it */
  public NearCacheHints(BiFunction<String, String, String> tags, Clock clock) {
    this.tags = Objects.requireNonNull(tags, "tags");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    if (!METHOD.equals(call.getMethodDescriptor().getFullMethodName())) {
      return next.startCall(call, headers);
    }
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

  /** Attaches the hints for an answer about (platform, account) to the call in progress, if it takes them. */
  void offer(String platformId, String accountId, Optional<Instant> reviewAt) {
    Metadata pending = PENDING.get();
    if (pending == null) {
      return;
    }
    String tag = tags.apply(platformId, accountId);
    if (tag == null || tag.isEmpty() || !tag.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return;
    }
    pending.put(TAG, tag);
    reviewAt.ifPresent(at -> pending.put(MAX_AGE, Long.toString(
        Math.max(0, Math.min(MAX_AGE_CAP_MILLIS, at.toEpochMilli() - clock.millis())))));
  }
}
