package org.idnet.identity.store;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
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
import org.idnet.redis.RedisEndpoint;

/**
 * Account standings in Redis under {@code <prefix><blind index>}: the account named only by the
 * first 128 bits of its keyed blind index ({@link AccountIds}, base64url), never by the id a
 * platform chose (often an e-mail address). One HMAC and one MGET per look-up, one pipeline to fill
 * the misses, each entry living at most the TTL and never past its {@code reviewAt}. A review time
 * is at most as fine as the year (the New Year of a minor's 16th birthday), and a standing that
 * must be reviewed at once (a minor in the year they turn 16) is not cached at all, so neither a
 * value nor an expiry lets anyone work out a birthday. Fails open: without Redis every method does
 * nothing.
 *
 * <p>Invalidation must not lose to a slow reader that read the store before a change and fills
 * the cache after it. So invalidating writes a short-lived tombstone instead of deleting, and
 * fills only set absent keys ({@code NX}): a stale fill lands on the tombstone and is dropped.
 * An invalidation that cannot reach Redis is kept and retried, and until it succeeds this
 * instance neither reads nor fills that key; after too many, the whole cache is flushed.
 *
 * <p>Every tombstone written (at once or on a retry) is also announced: its key is published on
 * the invalidation channel, where gateways drop their near-cached answers for that key (a flush
 * publishes {@value #EVERYTHING}). The message names the opaque key only, never an account id;
 * a forged one can only make a gateway miss. A lost one costs nothing but the gateway's short TTL.
 *
 * <p>Redis is shared (the gateway and phone-otp-service use it too), so a value is believed only
 * if identity-service's own key authenticates it ({@link SealedEntries}): anything else is a miss,
 * counted and logged by {@link CacheRejections}. Tombstones need no MAC: one only causes a miss.
 */
public final class RedisVerificationCache implements VerificationCache, AutoCloseable {

  static final String TOMBSTONE = "-";
  /** The message announcing that every entry was dropped: no key has this shape. */
  public static final String EVERYTHING = "*";
  private static final int MAX_PENDING = 100_000;
  /** 128 bits of the index: collisions out of the question, half the key length of the full HMAC. */
  private static final int KEY_BYTES = 16;
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final FailOpenRedis redis;
  private final String prefix;
  private final BlindIndex blindIndex;
  private final SealedEntries sealed;
  private final CacheRejections rejections;
  private final long ttlMillis;
  private final long tombstoneMillis;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean flushNeeded = new AtomicBoolean();
  private final ScheduledExecutorService retries;
  private final String channel;

  /**
   * @param invalidationHold how long a tombstone blocks fills: longer than any read of the store
   *     between its query and its cache fill
   */
  public RedisVerificationCache(RedisEndpoint redisEndpoint, String keyPrefix, Duration ttl, Duration commandTimeout,
      Duration retryDelay, Duration invalidationHold, BlindIndex blindIndex, MeterRegistry meters) {
    this(redisEndpoint, keyPrefix, ttl, commandTimeout, retryDelay, invalidationHold, blindIndex, meters, null);
  }

  /**
   * @param invalidationChannel the Redis channel on which every tombstone's key is published for
   *     the gateways' near caches; null or blank announces nothing
   */
  public RedisVerificationCache(RedisEndpoint redisEndpoint, String keyPrefix, Duration ttl, Duration commandTimeout,
      Duration retryDelay, Duration invalidationHold, BlindIndex blindIndex, MeterRegistry meters,
      String invalidationChannel) {
    this.channel = invalidationChannel == null || invalidationChannel.isBlank() ? null : invalidationChannel;
    if (ttl.isNegative() || ttl.isZero() || invalidationHold.isNegative() || invalidationHold.isZero()) {
      throw new IllegalStateException("idnet.identity.cache.ttl and invalidation-hold must be positive");
    }
    this.tombstoneMillis = invalidationHold.toMillis();
    this.redis = new FailOpenRedis(redisEndpoint, commandTimeout, retryDelay);
    this.prefix = keyPrefix;
    this.blindIndex = blindIndex;
    this.sealed = new SealedEntries(blindIndex);
    this.rejections = new CacheRejections(meters);
    this.ttlMillis = ttl.toMillis();
    this.retries = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
        .name("identity-cache-retry").factory());
    retries.scheduleWithFixedDelay(this::retryPending, retryDelay.toMillis(), retryDelay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public Map<String, AccountStanding> getAll(String platformId, Collection<String> accountIds, Instant now) {
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
        answer(id, key, entry.getValue(), now, hits);
      }
    }
    return hits;
  }

  /** A hit only for a value identity-service sealed for this key, still within its life. */
  private void answer(String id, String key, String value, Instant now, Map<String, AccountStanding> hits) {
    if (!StandingCodec.currentVersion(value)) {
      rejections.rejected(CacheRejections.Reason.UNSEALED);
      return;
    }
    SealedEntries.Opened opened = sealed.open(key, value, now);
    switch (opened.outcome()) {
      case OPENED -> StandingCodec.decode(opened.payload()).ifPresentOrElse(standing -> hits.put(id, standing),
          () -> rejections.rejected(CacheRejections.Reason.FORGED));
      case EXPIRED -> rejections.rejected(CacheRejections.Reason.EXPIRED);
      case FORGED -> rejections.rejected(CacheRejections.Reason.FORGED);
    }
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
        // A review due now (millis <= 0) leaves the entry out: that standing is read at every look-up.
        long millis = standing.reviewAt().map(at -> Math.min(ttlMillis, at.toEpochMilli() - now.toEpochMilli()))
            .orElse(ttlMillis);
        if (millis > 0 && !pending.contains(key)) {
          String value = sealed.seal(key, StandingCodec.encode(standing), now.plusMillis(millis));
          sets.add(c.set(key, value, SetArgs.Builder.px(millis).nx()));
        }
      });
      return sets;
    });
  }

  @Override
  public void invalidate(Collection<AccountRef> accounts) {
    // Under every key of the blind-index keyset: while a new primary key rolls out, instances that
    // still use the old one fill entries under the old index.
    List<String> keys = accounts.stream()
        .flatMap(a -> AccountIds.candidates(blindIndex, a.platformId(), a.accountId()).stream())
        .map(this::key).distinct().toList();
    if (!tombstone(keys)) {
      if (pending.size() + keys.size() > MAX_PENDING) {
        flushNeeded.set(true);
      } else {
        pending.addAll(keys);
      }
    }
  }

  /** Where the account's entry lives: for operators and tests, who cannot tell it from the id otherwise. */
  public String key(String platformId, String accountId) {
    return key(AccountIds.index(blindIndex, platformId, accountId));
  }

  private String key(byte[] index) {
    return prefix + BASE64URL.encodeToString(Arrays.copyOf(index, KEY_BYTES));
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

  /** The tombstones, each announced after it is written (one pipeline; retried whole if any fails). */
  private boolean tombstone(List<String> keys) {
    return redis.pipeline(c -> {
      List<io.lettuce.core.RedisFuture<?>> commands = new ArrayList<>(keys.size() * 2);
      for (String key : keys) {
        commands.add(c.set(key, TOMBSTONE, SetArgs.Builder.px(tombstoneMillis)));
        if (channel != null) {
          commands.add(c.publish(channel, key));
        }
      }
      return commands;
    });
  }

  /** The channel invalidations are announced on, if any: what the gateways subscribe to. */
  public Optional<String> invalidationChannel() {
    return Optional.ofNullable(channel);
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
      if (channel != null) {
        c.publish(channel, EVERYTHING);
      }
      return Boolean.TRUE;
    }).orElse(false);
  }

  @Override
  public void close() {
    retries.shutdownNow();
    redis.close();
  }
}
