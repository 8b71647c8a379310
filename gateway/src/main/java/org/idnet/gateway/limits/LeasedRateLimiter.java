package org.idnet.gateway.limits;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * The token bucket of one rate class, per client, kept in Redis so that every gateway replica
 * counts against the same bucket, but without a Redis round trip per request: a gateway takes a
 * <em>lease</em> of up to {@link #leaseRequests()} requests' worth of tokens from the client's
 * bucket in one script call and serves the client's next requests from it locally, until the
 * lease is spent or {@link #leaseTime} has passed (what is left then is dropped, never given back:
 * an unused lease only ever makes a client wait a little sooner, never lets more through).
 *
 * <p><b>The error bound.</b> Every request let through was paid for in Redis, but a replica may
 * hold up to one lease's requests it took earlier (a replica never asks for a new lease while it
 * holds tokens or waits for one). So over any interval, R replicas together let through at most
 * what the one Redis bucket allows in that interval ({@code burst + rate × interval} tokens) plus
 * {@code R × leaseRequests()} requests. A lease is at most a tenth of the burst and at most 50 ms
 * of the replenish rate ({@link #leaseRequests(int, long, int)}); a class where that is a single
 * request takes no lease and asks Redis for every request, exactly as Spring Cloud Gateway's
 * RedisRateLimiter does.
 *
 * <p>The bucket is the same as RedisRateLimiter's: the same Redis keys, the same refill (whole
 * seconds of Redis' clock), the same response headers, the same answer when Redis cannot be
 * reached: the request is let through with {@code X-RateLimit-Remaining: -1} (security.md: the
 * general limits fail open; only the OTP limits in the services fail closed).
 */
public final class LeasedRateLimiter implements RateLimiter<RedisRateLimiter.Config> {

  private static final Logger log = LoggerFactory.getLogger(LeasedRateLimiter.class);

  /** A lease is at most this share of the burst... */
  static final double LEASE_SHARE_OF_BURST = 0.1;
  /** ...and at most this many seconds of the replenish rate. */
  static final double LEASE_SECONDS_OF_RATE = 0.05;
  /** Clients whose leases the map holds before expired ones are swept out. */
  static final int SWEEP_ABOVE = 10_000;

  /**
   * Spring Cloud Gateway's request_rate_limiter.lua, but taking up to {@code ARGV[4]} requests of
   * {@code ARGV[3]} tokens at once: answers the requests granted (0: refused) and the tokens left.
   */
  static final RedisScript<List<Long>> LEASE_SCRIPT = leaseScript();

  private final String rateClass;
  private final int replenishRate;
  private final long burstCapacity;
  private final int requestedTokens;
  private final int leaseRequests;
  private final long leaseTimeNanos;
  private final ReactiveStringRedisTemplate redis;
  private final LongSupplier nanoTime;
  private final Map<String, Stock> stocks = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong lastSweep;
  private final String rateHeader;
  private final String burstHeader;
  private final String requestedHeader;

  /**
   * @param leaseRequests requests one lease takes at most (1: no lease, a script call per request)
   * @param leaseTime how long a lease may serve, in nanoseconds
   */
  public LeasedRateLimiter(String rateClass, int replenishRate, long burstCapacity, int requestedTokens,
      int leaseRequests, long leaseTime, ReactiveStringRedisTemplate redis, LongSupplier nanoTime) {
    if (leaseRequests < 1 || leaseTime <= 0) {
      throw new IllegalArgumentException("a lease takes at least one request and lasts some time");
    }
    this.rateClass = rateClass;
    this.replenishRate = replenishRate;
    this.burstCapacity = burstCapacity;
    this.requestedTokens = requestedTokens;
    this.leaseRequests = leaseRequests;
    this.leaseTimeNanos = leaseTime;
    this.redis = redis;
    this.nanoTime = nanoTime;
    this.lastSweep = new java.util.concurrent.atomic.AtomicLong(nanoTime.getAsLong() - leaseTime);
    this.rateHeader = Integer.toString(replenishRate);
    this.burstHeader = Long.toString(burstCapacity);
    this.requestedHeader = Integer.toString(requestedTokens);
  }

  /**
   * Requests one lease takes: a tenth of the burst or 50 ms of the rate, whichever is less, in
   * whole requests; 1 (no lease) when that is not more than one request.
   */
  public static int leaseRequests(int replenishRate, long burstCapacity, int requestedTokens) {
    double tokens = Math.min(burstCapacity * LEASE_SHARE_OF_BURST, replenishRate * LEASE_SECONDS_OF_RATE);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(tokens / requestedTokens)));
  }

  /** Requests one lease takes at most; the error bound is this times the number of replicas. */
  public int leaseRequests() {
    return leaseRequests;
  }

  /** Counts under this limiter's rate class, whatever route id the caller passes. */
  @Override
  public Mono<Response> isAllowed(String routeId, String id) {
    if (leaseRequests == 1) {
      return lease(id, 1).map(granted -> granted.failed() ? failedOpen()
          : response(granted.requests() > 0, granted.tokensLeft()));
    }
    return take(stocks.computeIfAbsent(id, k -> new Stock()), id);
  }

  private Mono<Response> take(Stock stock, String id) {
    Mono<Grant> pending = null;
    synchronized (stock) {
      if (!stock.forgotten) {
        pending = takeOrLease(stock, id);
        if (pending == null) {
          return Mono.just(response(true, stock.tokensLeftInRedis + (long) stock.requests * requestedTokens));
        }
      }
    }
    if (pending == null) {
      // swept out between the look-up and the lock: the client's stock is a new one
      return take(stocks.computeIfAbsent(id, k -> new Stock()), id);
    }
    // Every request that waited for this lease takes from it; those it cannot serve: refused
    // when Redis refused it, let through when Redis failed, else they wait for the next lease.
    return pending.flatMap(granted -> {
      if (granted.failed()) {
        return Mono.just(failedOpen());
      }
      if (granted.requests() == 0) {
        return Mono.just(response(false, granted.tokensLeft()));
      }
      return take(stock, id);
    });
  }

  /**
   * Takes a request from the stock (answers null), or answers the lease to wait for, starting one
   * if none is on its way. Under the stock's lock. A lease once started runs to its end whoever
   * waits for it (a client that goes away cancels its wait, never the lease).
   */
  private Mono<Grant> takeOrLease(Stock stock, String id) {
    long now = nanoTime.getAsLong();
    if (stock.requests > 0 && now - stock.leasedAt < leaseTimeNanos) {
      stock.requests--;
      return null;
    }
    stock.requests = 0;
    if (stock.pending == null) {
      CompletableFuture<Grant> granted = new CompletableFuture<>();
      Mono<Grant> pending = Mono.fromFuture(granted, true);
      stock.pending = pending;
      sweepIfLarge(); // (after this client's pending lease is set: the sweep keeps it)
      lease(id, leaseRequests).subscribe(grant -> {
        synchronized (stock) {
          if (stock.pending == pending) {
            stock.pending = null;
            stock.requests = grant.requests();
            stock.tokensLeftInRedis = grant.tokensLeft();
            stock.leasedAt = nanoTime.getAsLong();
          }
        }
        granted.complete(grant);
      });
      // (not stock.pending: a lease that failed at once has already been cleared from it)
      return pending;
    }
    return stock.pending;
  }

  private Mono<Grant> lease(String id, int requests) {
    List<String> keys = keys(rateClass, id);
    return redis.execute(LEASE_SCRIPT, keys, List.of(rateHeader, burstHeader, requestedHeader,
            Integer.toString(requests)))
        .reduceWith(() -> new java.util.ArrayList<Long>(2), (all, part) -> {
          all.addAll(part);
          return all;
        })
        .map(result -> new Grant(false, Math.max(0, result.get(0).intValue()), result.get(1)))
        .onErrorResume(e -> {
          log.error("Error calling rate limiter lua (lease of class {}); the request is let through", rateClass, e);
          return Mono.just(Grant.FAILED);
        })
        .defaultIfEmpty(Grant.FAILED);
  }

  /** The Redis keys of a client's bucket of a class: RedisRateLimiter's. */
  static List<String> keys(String rateClass, String id) {
    String prefix = "request_rate_limiter.{" + rateClass + "." + id + "}.";
    return List.of(prefix + "tokens", prefix + "timestamp");
  }

  private Response failedOpen() {
    return response(true, -1);
  }

  private Response response(boolean allowed, long tokensLeft) {
    return new Response(allowed, Map.of(RedisRateLimiter.REMAINING_HEADER, Long.toString(tokensLeft),
        RedisRateLimiter.REPLENISH_RATE_HEADER, rateHeader,
        RedisRateLimiter.BURST_CAPACITY_HEADER, burstHeader,
        RedisRateLimiter.REQUESTED_TOKENS_HEADER, requestedHeader));
  }

  /**
   * Forgets the clients whose lease has run out, once many are held (bounded memory), at most
   * once per lease time.
   */
  private void sweepIfLarge() {
    if (stocks.size() <= SWEEP_ABOVE) {
      return;
    }
    long now = nanoTime.getAsLong();
    long last = lastSweep.get();
    if (now - last < leaseTimeNanos || !lastSweep.compareAndSet(last, now)) {
      return;
    }
    stocks.values().removeIf(s -> {
      synchronized (s) {
        s.forgotten = s.pending == null && now - s.leasedAt >= leaseTimeNanos;
        return s.forgotten;
      }
    });
  }

  int clientsHeld() {
    return stocks.size();
  }

  @Override
  public Map<String, RedisRateLimiter.Config> getConfig() {
    return Map.of();
  }

  @Override
  public Class<RedisRateLimiter.Config> getConfigClass() {
    return RedisRateLimiter.Config.class;
  }

  @Override
  public RedisRateLimiter.Config newConfig() {
    return new RedisRateLimiter.Config().setReplenishRate(replenishRate).setBurstCapacity(burstCapacity)
        .setRequestedTokens(requestedTokens);
  }

  /** What one script call gave: requests granted (0: refused) and tokens left in the bucket. */
  private record Grant(boolean failed, int requests, long tokensLeft) {
    static final Grant FAILED = new Grant(true, 0, -1);
  }

  /** A client's lease in this gateway. */
  private static final class Stock {
    int requests;
    long tokensLeftInRedis;
    long leasedAt;
    Mono<Grant> pending;
    boolean forgotten;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static RedisScript<List<Long>> leaseScript() {
    String lua = """
        redis.replicate_commands()

        local tokens_key = KEYS[1]
        local timestamp_key = KEYS[2]

        local rate = tonumber(ARGV[1])
        local capacity = tonumber(ARGV[2])
        local requested = tonumber(ARGV[3])
        local lease = tonumber(ARGV[4])
        local now = tonumber(redis.call('TIME')[1])

        local fill_time = capacity / rate
        local ttl = math.floor(fill_time * 2)

        local last_tokens = tonumber(redis.call("get", tokens_key)) or capacity
        local last_refreshed = tonumber(redis.call("get", timestamp_key)) or 0

        local delta = math.max(0, now-last_refreshed)
        local filled_tokens = math.min(capacity, last_tokens+(delta*rate))
        local granted = math.max(0, math.min(lease, math.floor(filled_tokens / requested)))
        local new_tokens = filled_tokens - granted * requested

        if ttl > 0 then
          redis.call("setex", tokens_key, ttl, new_tokens)
          redis.call("setex", timestamp_key, ttl, now)
        end

        return { granted, new_tokens }
        """;
    return (RedisScript) RedisScript.of(lua, List.class);
  }
}
