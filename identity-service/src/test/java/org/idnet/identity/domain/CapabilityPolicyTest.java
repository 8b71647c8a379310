package org.idnet.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilityPolicyTest {

  @Test
  void defaultWhenPhoneThenCommentPostLivestream() {
    assertThat(CapabilityPolicy.DEFAULT.capabilities(VerificationLevel.PHONE, AgeBand.UNKNOWN))
        .containsExactly(Capability.COMMENT, Capability.POST, Capability.LIVESTREAM);
  }

  @Test
  void defaultWhenRealNameAdultThenAlsoCommerce() {
    assertThat(CapabilityPolicy.DEFAULT.capabilities(VerificationLevel.REAL_NAME, AgeBand.ADULT))
        .containsExactly(Capability.COMMENT, Capability.POST, Capability.LIVESTREAM, Capability.COMMERCE);
  }

  @Test
  void minorNeverGetsCommerceEvenWhenConfigured() {
    CapabilityPolicy generous = new CapabilityPolicy(Set.of(Capability.COMMERCE, Capability.POST),
        Set.of(Capability.COMMERCE, Capability.COMMENT));

    assertThat(generous.capabilities(VerificationLevel.PHONE, AgeBand.MINOR)).containsExactly(Capability.POST);
    assertThat(generous.capabilities(VerificationLevel.REAL_NAME, AgeBand.MINOR)).containsExactly(Capability.COMMENT);
    assertThat(generous.capabilities(VerificationLevel.REAL_NAME, AgeBand.ADULT))
        .containsExactly(Capability.COMMENT, Capability.COMMERCE);
  }

  @Test
  void noneGrantsNothing() {
    assertThat(CapabilityPolicy.DEFAULT.capabilities(VerificationLevel.NONE, AgeBand.ADULT)).isEmpty();
  }
}
