package org.idnet.gateway.nearcache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvalidationSubscriberTest {

  @Test
  void onlyWhatCouldBeATagOrEverythingIsTakenFromTheSharedChannel() {
    assertThat(InvalidationSubscriber.isAnnouncement("idv1:AAAAAAAAAAAAAAAAAAAAAA")).isTrue();
    assertThat(InvalidationSubscriber.isAnnouncement(NearCache.EVERYTHING)).isTrue();
    assertThat(InvalidationSubscriber.isAnnouncement("")).isFalse();
    assertThat(InvalidationSubscriber.isAnnouncement(null)).isFalse();
    assertThat(InvalidationSubscriber.isAnnouncement("x".repeat(InvalidationSubscriber.MAX_TAG_LENGTH + 1)))
        .as("a multi-megabyte message is not kept for a second").isFalse();
    assertThat(InvalidationSubscriber.isAnnouncement("idv1:a b")).isFalse();
    assertThat(InvalidationSubscriber.isAnnouncement("idv1:\u00e9")).isFalse();
  }
}
