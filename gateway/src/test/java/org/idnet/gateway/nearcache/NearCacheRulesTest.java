package org.idnet.gateway.nearcache;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The near cache's own rules, without a network: what is kept, for how long, and what drops it. */
class NearCacheRulesTest {

  final NearCache cache = new NearCache(Duration.ofSeconds(30), 3, new SimpleMeterRegistry());

  @AfterEach
  void close() {
    cache.close();
  }

  static NearCacheKey key(String caller, String account) {
    return new NearCacheKey("idnet.identity.v1.AccountVerificationService/CheckAccount", caller,
        ByteString.copyFromUtf8(account));
  }

  @Test
  void nothingIsKeptOrServedBeforeTheSubscriptionIsConfirmed() {
    cache.put(cache.begin(), key("a", "x"), "answer", "tag-x", -1);
    cache.online();
    assertThat(cache.get(key("a", "x"))).isNull();
  }

  @Test
  void aFillThatStartedBeforeAnAnnouncementOfItsKeyIsNotKept() {
    cache.online();
    NearCache.Fill started = cache.begin();
    cache.invalidate("tag-x");
    cache.put(started, key("a", "x"), "old answer", "tag-x", -1);
    assertThat(cache.get(key("a", "x"))).isNull();

    NearCache.Fill later = cache.begin();
    cache.put(later, key("a", "x"), "new answer", "tag-x", -1);
    assertThat(cache.get(key("a", "x"))).isEqualTo("new answer");
  }

  @Test
  void aFillThatStartedBeforeTheConnectionWasLostIsNotKeptAfterIt() {
    cache.online();
    NearCache.Fill started = cache.begin();
    cache.offline();
    cache.online();
    cache.put(started, key("a", "x"), "answer", "tag-x", -1);
    assertThat(cache.get(key("a", "x"))).isNull();
  }

  @Test
  void anAnnouncementDropsOnlyItsKeysEntriesAndEverythingDropsAll() {
    cache.online();
    cache.put(cache.begin(), key("a", "x"), "ax", "tag-ax", -1);
    cache.put(cache.begin(), key("b", "x"), "bx", "tag-bx", -1);
    cache.invalidate("tag-ax");
    assertThat(cache.get(key("a", "x"))).isNull();
    assertThat(cache.get(key("b", "x"))).isEqualTo("bx");
    cache.invalidate(NearCache.EVERYTHING);
    assertThat(cache.get(key("b", "x"))).isNull();
  }

  @Test
  void anAnswerLivesNoLongerThanTheBackendSaysFromTheStartOfItsCall() throws Exception {
    cache.online();
    cache.put(cache.begin(), key("a", "now"), "review now", "tag-now", 0);
    assertThat(cache.get(key("a", "now"))).isNull();
    NearCache.Fill started = cache.begin();
    Thread.sleep(60);
    cache.put(started, key("a", "soon"), "review soon", "tag-soon", 50);
    assertThat(cache.get(key("a", "soon"))).as("expired 50 ms after its call started").isNull();
  }

  @Test
  void aFullCacheKeepsNothingMore() {
    cache.online();
    for (int i = 0; i < 5; i++) {
      cache.put(cache.begin(), key("a", "n" + i), "answer", "tag-" + i, -1);
    }
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.get(key("a", "n4"))).isNull();
  }

  @Test
  void anAnswerWithoutAKeyToInvalidateItIsNotKept() {
    cache.online();
    cache.put(cache.begin(), key("a", "x"), "answer", null, -1);
    assertThat(cache.get(key("a", "x"))).isNull();
  }

  @Test
  void expiredEntriesLeaveNothingInTheIndexOnceSwept() throws Exception {
    NearCache small = new NearCache(Duration.ofMillis(20), 1000, new SimpleMeterRegistry());
    try {
      small.online();
      for (int i = 0; i < 500; i++) {
        small.put(small.begin(), key("a", "n" + i), "answer", "tag-" + i, -1);
      }
      assertThat(small.indexSize()).isEqualTo(500);
      Thread.sleep(40);
      for (int i = 0; i < 250; i++) {
        assertThat(small.get(key("a", "n" + i))).isNull();
      }
      assertThat(small.indexSize()).as("a get that finds an entry expired unindexes it").isEqualTo(250);
      small.sweep();
      assertThat(small.size()).isZero();
      assertThat(small.indexSize()).isZero();
    } finally {
      small.close();
    }
  }

  @Test
  void aFullCacheSweepsOnARequestsThreadAtMostOncePerInterval() throws Exception {
    NearCache small = new NearCache(Duration.ofMillis(30), 2, new SimpleMeterRegistry());
    try {
      small.online();
      small.put(small.begin(), key("a", "1"), "answer", "tag-1", -1);
      small.put(small.begin(), key("a", "2"), "answer", "tag-2", -1);
      Thread.sleep(40);
      // Both expired: the first fill into the full cache sweeps them out and is kept ...
      small.put(small.begin(), key("a", "3"), "answer", "tag-3", -1);
      assertThat(small.get(key("a", "3"))).isEqualTo("answer");
      small.put(small.begin(), key("a", "4"), "answer", "tag-4", -1);
      assertThat(small.size()).isEqualTo(2);
      // ... and a full cache refuses fills without another sweep until the interval is over.
      small.put(small.begin(), key("a", "5"), "answer", "tag-5", -1);
      assertThat(small.get(key("a", "5"))).isNull();
    } finally {
      small.close();
    }
  }

  @Test
  void noFillThatBeganBeforeAnAnnouncementSurvivesItWhileFillsRaceWithIt() throws Exception {
    NearCache big = new NearCache(Duration.ofSeconds(30), 100_000, new SimpleMeterRegistry());
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      big.online();
      // Every fill below began before the announcement: its backend read may predate the change.
      NearCache.Fill before = big.begin();
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      java.util.List<java.util.concurrent.Future<?>> fillers = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String caller = "c" + t;
        fillers.add(pool.submit(() -> {
          go.await();
          for (int i = 0; !stop.get() || i < 10_000; i++) {
            big.put(before, key(caller, "x" + (i % 64)), "old answer", "tag-x", -1);
          }
          return null;
        }));
      }
      go.countDown();
      Thread.sleep(5);
      big.invalidate("tag-x");
      stop.set(true);
      for (java.util.concurrent.Future<?> f : fillers) {
        f.get();
      }
      for (int t = 0; t < 4; t++) {
        for (int i = 0; i < 64; i++) {
          assertThat(big.get(key("c" + t, "x" + i))).as("c%d x%d", t, i).isNull();
        }
      }
      big.sweep();
      assertThat(big.indexSize()).isZero();
    } finally {
      pool.shutdownNow();
      big.close();
    }
  }
}
