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
}
