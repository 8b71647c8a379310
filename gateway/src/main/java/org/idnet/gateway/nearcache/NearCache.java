package org.idnet.gateway.nearcache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backend answers kept for a moment in this gateway's memory, dropped as soon as identity-service
 * announces a change of the account (Redis pub/sub, {@link InvalidationSubscriber}) and in any case
 * at most {@code ttl} after the backend call that fetched them <em>started</em>: an answer served
 * from here was true at some instant less than {@code ttl} ago, even when an announcement is lost.
 * While the announcements cannot be received (not yet subscribed, Redis down, connection lost)
 * nothing is kept or served: every call goes to the backend.
 *
 * <p>The answers are kept as the backend's parsed messages (about 1.4-1.5 KB per entry with its key and
 * index, measured for CheckAccount): a hit costs no parsing at all.
 *
 * <p>An announcement only ever removes entries, so a forged one can cause a miss and nothing else.
 * A fill that raced with an announcement (the backend read before the change, the answer came
 * back after the announcement) is refused: announcements are remembered for {@code ttl}, and a
 * fill started before one for its key is not kept. The size is bounded: a full cache keeps no new
 * answers until expired ones are swept.
 */
public final class NearCache implements AutoCloseable {

  /** The announcement that every answer is to be dropped (identity-service flushed its cache). */
  public static final String EVERYTHING = "*";

  private final long ttlNanos;
  private final int maxEntries;
  private final Map<NearCacheKey, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, Set<NearCacheKey>> byTag = new ConcurrentHashMap<>();
  private final Map<String, Long> announcedAt = new ConcurrentHashMap<>();
  /** Changes whenever everything is dropped: a fill started in another epoch is not kept. */
  private final AtomicLong epoch = new AtomicLong();
  /** A full cache sweeps on a request's thread at most this often. */
  static final long INLINE_SWEEP_NANOS = Duration.ofMillis(10).toNanos();
  private final AtomicLong lastSweep = new AtomicLong(System.nanoTime() - INLINE_SWEEP_NANOS);
  private volatile boolean online;
  private final Counter hits;
  private final Counter misses;
  private final Counter bypassed;
  private final Counter announcements;
  private final java.util.concurrent.ScheduledExecutorService sweeper;

  public NearCache(Duration ttl, int maxEntries, MeterRegistry meters) {
    if (ttl.isNegative() || ttl.isZero() || maxEntries < 1) {
      throw new IllegalArgumentException("a near cache needs a positive TTL and room for at least one entry");
    }
    this.ttlNanos = ttl.toNanos();
    this.maxEntries = maxEntries;
    String requests = "idnet.gateway.near.cache.requests";
    String describe = "Calls the near cache answered (hit), passed to the backend (miss), or could not serve"
        + " (bypass: not subscribed to invalidations, or a call it does not keep)";
    this.hits = Counter.builder(requests).tag("result", "hit").description(describe).register(meters);
    this.misses = Counter.builder(requests).tag("result", "miss").description(describe).register(meters);
    this.bypassed = Counter.builder(requests).tag("result", "bypass").description(describe).register(meters);
    this.announcements = Counter.builder("idnet.gateway.near.cache.invalidations")
        .description("Invalidations received from identity-service").register(meters);
    Gauge.builder("idnet.gateway.near.cache.entries", entries, Map::size)
        .description("Answers held by the near cache").register(meters);
    Gauge.builder("idnet.gateway.near.cache.online", this, c -> c.online ? 1 : 0)
        .description("1 while invalidations are received and the near cache serves, 0 while it is bypassed")
        .register(meters);
    this.sweeper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
        .name("near-cache-sweeper").factory());
    long period = Math.max(ttl.toMillis(), 100);
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** The answer kept for {@code key}; null on a miss, or when the cache is not serving. */
  public Object get(NearCacheKey key) {
    if (!online) {
      bypassed.increment();
      return null;
    }
    Entry entry = entries.get(key);
    if (entry == null) {
      misses.increment();
      return null;
    }
    if (System.nanoTime() - entry.expiresAt() >= 0) {
      if (entries.remove(key, entry)) {
        unindex(key, entry);
      }
      misses.increment();
      return null;
    }
    hits.increment();
    return entry.answer();
  }

  /** A call to the backend that is not kept ({@code key} null: a call of a kind the cache never serves). */
  public void bypass() {
    bypassed.increment();
  }

  /** Taken before the backend call starts: what a later {@link #put} is measured against. */
  public Fill begin() {
    return new Fill(epoch.get(), System.nanoTime());
  }

  /**
   * Keeps {@code answer}, fetched by the call that began with {@code fill}, under {@code key} and
   * the opaque {@code tag} its invalidations are announced under.
   *
   * @param maxAgeMillis how long the backend says the answer holds at most (its review time); -1 if unsaid
   */
  public void put(Fill fill, NearCacheKey key, Object answer, String tag, long maxAgeMillis) {
    if (!online || epoch.get() != fill.epoch() || tag == null || tag.isEmpty() || maxAgeMillis == 0) {
      return;
    }
    long life = maxAgeMillis < 0 ? ttlNanos : Math.min(ttlNanos, Duration.ofMillis(maxAgeMillis).toNanos());
    long expiresAt = fill.startedAt() + life;
    if (System.nanoTime() - expiresAt >= 0 || announcedSince(tag, fill) || !room()) {
      return;
    }
    Entry entry = new Entry(answer, tag, expiresAt);
    // The entry first, then its index: the sweeper unindexes a key only if no entry of that tag is there.
    entries.put(key, entry);
    byTag.compute(tag, (t, keys) -> keys == null ? Set.of(key) : keys.contains(key) ? keys : with(keys, key));
    // An announcement or a drop that came in meanwhile may have missed the entry: look again.
    if ((epoch.get() != fill.epoch() || announcedSince(tag, fill)) && entries.remove(key, entry)) {
      unindex(key, entry);
    }
  }

  /** An announcement from identity-service: drops the entries of {@code tag}, or all of them. */
  public void invalidate(String tag) {
    announcements.increment();
    if (EVERYTHING.equals(tag)) {
      dropAll();
      return;
    }
    announcedAt.put(tag, System.nanoTime());
    Set<NearCacheKey> keys = byTag.remove(tag);
    if (keys != null) {
      for (NearCacheKey key : keys) {
        entries.computeIfPresent(key, (k, entry) -> entry.tag().equals(tag) ? null : entry);
      }
    }
    if (announcedAt.size() > maxEntries) {
      // A flood of announcements: forgetting everything is as safe and cheaper to track.
      dropAll();
    }
  }

  /** Announcements are received from now on: serve (after dropping whatever was kept before). */
  public void online() {
    dropAll();
    online = true;
  }

  /** Announcements may be missed from now on: drop everything and go to the backend until {@link #online}. */
  public void offline() {
    online = false;
    dropAll();
  }

  public boolean isOnline() {
    return online;
  }

  public int size() {
    return entries.size();
  }

  private void dropAll() {
    epoch.incrementAndGet();
    entries.clear();
    byTag.clear();
    announcedAt.clear();
  }

  private boolean announcedSince(String tag, Fill fill) {
    Long at = announcedAt.get(tag);
    return at != null && at - fill.startedAt() >= 0;
  }

  /**
   * Whether a new answer may be kept. A full cache is swept on the request's thread at most once
   * per {@link #INLINE_SWEEP_NANOS} (a sweep walks every entry); in between, fills are refused, so a
   * caller asking for more distinct accounts than the cache holds costs each miss nothing extra.
   */
  private boolean room() {
    if (entries.size() < maxEntries) {
      return true;
    }
    long now = System.nanoTime();
    long last = lastSweep.get();
    if (now - last >= INLINE_SWEEP_NANOS && lastSweep.compareAndSet(last, now)) {
      sweep();
    }
    return entries.size() < maxEntries;
  }

  /**
   * Removes what has expired, index keys whose entry is gone (or now carries another tag), and
   * announcements older than any fill that could still be kept.
   */
  void sweep() {
    long now = System.nanoTime();
    entries.forEach((key, entry) -> {
      if (now - entry.expiresAt() >= 0 && entries.remove(key, entry)) {
        unindex(key, entry);
      }
    });
    byTag.forEach((tag, keys) -> {
      for (NearCacheKey key : keys) {
        Entry current = entries.get(key);
        if (current == null || !current.tag().equals(tag)) {
          unindex(key, new Entry(null, tag, 0));
        }
      }
    });
    announcedAt.entrySet().removeIf(e -> now - e.getValue() > ttlNanos);
  }

  /** After {@code entry} left {@code key}: its tag's index forgets the key, unless an entry of that tag is back. */
  private void unindex(NearCacheKey key, Entry entry) {
    byTag.computeIfPresent(entry.tag(), (t, keys) -> {
      Entry current = entries.get(key);
      if (current != null && current.tag().equals(t)) {
        return keys;
      }
      Set<NearCacheKey> rest = without(keys, key);
      return rest.isEmpty() ? null : rest;
    });
  }

  /** Index keys held, for tests: never more than the entries once swept. */
  int indexSize() {
    return byTag.values().stream().mapToInt(Set::size).sum();
  }

  /** Index sets are immutable, replaced whole inside the map's atomic compute: nearly always one key. */
  private static Set<NearCacheKey> with(Set<NearCacheKey> keys, NearCacheKey key) {
    Set<NearCacheKey> more = new java.util.HashSet<>(keys);
    more.add(key);
    return Set.copyOf(more);
  }

  private static Set<NearCacheKey> without(Set<NearCacheKey> keys, NearCacheKey key) {
    Set<NearCacheKey> rest = new java.util.HashSet<>(keys);
    rest.remove(key);
    return Set.copyOf(rest);
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }

  /** When a backend call started, and in which epoch. */
  public record Fill(long epoch, long startedAt) {
  }

  private record Entry(Object answer, String tag, long expiresAt) {
  }
}
