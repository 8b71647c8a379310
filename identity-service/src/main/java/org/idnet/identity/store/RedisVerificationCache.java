package org.idnet.identity.store;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.AccountStanding;
import org.idnet.identity.domain.VerificationCache;

/**
 * Account standings in Redis under {@code <prefix><platform id>|<account id>}: one MGET per look-up,
 * one pipeline to fill the misses, each entry living at most the TTL and never past its
 * {@code reviewAt} (a minor's 16th birthday). Fails open: without Redis every method does nothing.
 *
 * <p>Invalidation must not lose to a slow reader that read the store before a change and fills
 * the cache after it. So invalidating writes a short-lived tombstone instead of deleting, and
 * fills only set absent keys ({@code NX}): a stale fill lands on the tombstone and is dropped.
 * An invalidation that cannot reach Redis is kept and retried, and until it succeeds this
 * instance neither reads nor fills that key; after too many, the whole cache is flushed.
 */
public final class RedisVerificationCache implements VerificationCache, AutoCloseable {

  static final String TOMBSTONE = "-";
  private static final int MAX_PENDING = 100_000;

  private final FailOpenRedis redis;
  private final String prefix;
  private final long ttlMillis;
  private final long tombstoneMillis;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean flushNeeded = new AtomicBoolean();
  private final ScheduledExecutorService retries;

  /**
   * @param invalidationHold how long a tombstone blocks fills: longer than any read of the store
   *     between its query and its cache fill
   */
  public RedisVerificationCache(String redisUrl, String keyPrefix, Duration ttl, Duration commandTimeout,
      Duration retryDelay, Duration invalidationHold) {
    if (ttl.isNegative() || ttl.isZero() || invalidationHold.isNegative() || invalidationHold.isZero()) {
      throw new IllegalStateException("idnet.identity.cache.ttl and invalidation-hold must be positive");
    }
    this.tombstoneMillis = invalidationHold.toMillis();
    this.redis = new FailOpenRedis(redisUrl, commandTimeout, retryDelay);
    this.prefix = keyPrefix;
    this.ttlMillis = ttl.toMillis();
    this.retries = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
        .name("identity-cache-retry").factory());
    retries.scheduleWithFixedDelay(this::retryPending, retryDelay.toMillis(), retryDelay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public Map<String, AccountStanding> getAll(String platformId, Collection<String> accountIds) {
    if (flushNeeded.get() || accountIds.isEmpty()) {
      return Map.of();
    }
    String[] keys = accountIds.stream().map(id -> key(platformId, id)).toArray(String[]::new);
    Optional<List<KeyValue<String, String>>> values = redis.call(c -> c.mget(keys));
    if (values.isEmpty()) {
      return Map.of();
    }
    Map<String, AccountStanding> hits = new HashMap<>();
    int i = 0;
    for (String id : accountIds) {
      KeyValue<String, String> entry = values.get().get(i);
      String key = keys[i++];
      if (entry.hasValue() && !TOMBSTONE.equals(entry.getValue()) && !pending.contains(key)) {
        StandingCodec.decode(entry.getValue()).ifPresent(standing -> hits.put(id, standing));
      }
    }
    return hits;
  }

  @Override
  public void putAll(String platformId, Map<String, AccountStanding> standings, Instant now) {
    if (flushNeeded.get() || standings.isEmpty()) {
      return;
    }
    redis.pipeline(c -> {
      List<io.lettuce.core.RedisFuture<String>> sets = new ArrayList<>(standings.size());
      standings.forEach((id, standing) -> {
        String key = key(platformId, id);
        long millis = standing.reviewAt().map(at -> Math.min(ttlMillis, at.toEpochMilli() - now.toEpochMilli()))
            .orElse(ttlMillis);
        if (millis > 0 && !pending.contains(key)) {
          sets.add(c.set(key, StandingCodec.encode(standing), SetArgs.Builder.px(millis).nx()));
        }
      });
      return sets;
    });
  }

  @Override
  public void invalidate(Collection<AccountRef> accounts) {
    List<String> keys = accounts.stream().map(a -> key(a.platformId(), a.accountId())).distinct().toList();
    if (!tombstone(keys)) {
      if (pending.size() + keys.size() > MAX_PENDING) {
        flushNeeded.set(true);
      } else {
        pending.addAll(keys);
      }
    }
  }

  String key(String platformId, String accountId) {
    return prefix + platformId + "|" + accountId;
  }

  /** Invalidations that waited for Redis: retried until they succeed. */
  void retryPending() {
    if (flushNeeded.get()) {
      List<String> before = List.copyOf(pending);
      if (flush()) {
        pending.removeAll(before);
        flushNeeded.set(false);
      }
      return;
    }
    if (!pending.isEmpty()) {
      List<String> keys = List.copyOf(pending);
      if (tombstone(keys)) {
        pending.removeAll(keys);
      }
    }
  }

  private boolean tombstone(List<String> keys) {
    return redis.pipeline(c -> keys.stream()
        .map(key -> c.set(key, TOMBSTONE, SetArgs.Builder.px(tombstoneMillis)))
        .toList());
  }

  /** Deletes every entry of this cache (and only those: the Redis may be shared). */
  private boolean flush() {
    String pattern = prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
    return redis.call(c -> {
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        var batch = c.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
        if (!batch.getKeys().isEmpty()) {
          c.del(batch.getKeys().toArray(String[]::new));
        }
        cursor = batch;
      } while (!cursor.isFinished());
      return Boolean.TRUE;
    }).orElse(false);
  }

  @Override
  public void close() {
    retries.shutdownNow();
    redis.close();
  }
}
