package org.idnet.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fresh-login rules of an approval (docs/pages.md section 4.2). */
class FreshLoginTest {

  static final Instant STARTED = Instant.parse("2026-12-05T03:00:00Z");
  static final FreshLogin.Marker MARKER = new FreshLogin.Marker("r-1", "digest", STARTED, "nonce", "sub-1", null);

  @Test
  void aLoginAfterTheMarkerBySamePersonWithOtpIsAccepted() {
    assertThat(FreshLogin.check(MARKER, "sub-1", STARTED.plusSeconds(20), List.of("pwd", "otp")))
        .isEqualTo(FreshLogin.Outcome.ACCEPTED);
    assertThat(FreshLogin.check(MARKER, "sub-1", STARTED.minusSeconds(5), List.of("otp")))
        .as("5 s of clock difference").isEqualTo(FreshLogin.Outcome.ACCEPTED);
  }

  @Test
  void anOlderLoginIsRefused() {
    assertThat(FreshLogin.check(MARKER, "sub-1", STARTED.minusSeconds(6), List.of("pwd", "otp")))
        .isEqualTo(FreshLogin.Outcome.NOT_FRESH);
    assertThat(FreshLogin.check(MARKER, "sub-1", null, List.of("pwd", "otp"))).isEqualTo(FreshLogin.Outcome.NOT_FRESH);
  }

  @Test
  void anotherPersonIsRefused() {
    assertThat(FreshLogin.check(MARKER, "sub-2", STARTED.plusSeconds(20), List.of("pwd", "otp")))
        .isEqualTo(FreshLogin.Outcome.OTHER_PERSON);
    assertThat(FreshLogin.check(MARKER, null, STARTED.plusSeconds(20), List.of("otp")))
        .isEqualTo(FreshLogin.Outcome.OTHER_PERSON);
  }

  @Test
  void aLoginWithoutOtpIsRefused() {
    assertThat(FreshLogin.check(MARKER, "sub-1", STARTED.plusSeconds(20), List.of("pwd")))
        .isEqualTo(FreshLogin.Outcome.NO_OTP);
    assertThat(FreshLogin.check(MARKER, "sub-1", STARTED.plusSeconds(20), null)).isEqualTo(FreshLogin.Outcome.NO_OTP);
  }

  @Test
  void theApprovalFollowsWithinTwoMinutesForThatRequestOnly() {
    FreshLogin.Marker confirmed = MARKER.confirmed(STARTED.plusSeconds(30));
    assertThat(MARKER.approvable("r-1", STARTED.plusSeconds(31))).as("not confirmed").isFalse();
    assertThat(confirmed.approvable("r-1", STARTED.plusSeconds(150))).isTrue();
    assertThat(confirmed.approvable("r-1", STARTED.plusSeconds(151))).isFalse();
    assertThat(confirmed.approvable("r-2", STARTED.plusSeconds(31))).isFalse();
  }
}
