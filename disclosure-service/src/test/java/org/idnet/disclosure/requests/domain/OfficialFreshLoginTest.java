package org.idnet.disclosure.requests.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fresh-login rule at its edges: the window's bound, and evidence whose login is unknown. */
class OfficialFreshLoginTest {

  static final Instant NOW = Instant.parse("2026-12-05T03:00:00Z");
  static final Duration WITHIN = Duration.ofMinutes(5);

  static Official supervisor(Official.Login login) {
    return new Official("supervisor.binh", "agency-1", Set.of(Official.SUPERVISOR), "eyJ.token.sig", login);
  }

  static Refusal refusal(Official official) {
    DisclosureException e = catchThrowableOfType(DisclosureException.class,
        () -> official.requireFreshLogin(NOW, WITHIN));
    return e == null ? null : e.refusal();
  }

  @Test
  void requireFreshLoginWhenAtTheWindowsBoundThenAcceptedAndASecondLaterRefused() {
    assertThatCode(() -> supervisor(new Official.Login(false, NOW.minus(WITHIN), Set.of("pwd", "otp")))
        .requireFreshLogin(NOW, WITHIN)).doesNotThrowAnyException();
    assertThat(refusal(supervisor(new Official.Login(false, NOW.minus(WITHIN).minusSeconds(1), Set.of("pwd", "otp")))))
        .isEqualTo(Refusal.FRESH_LOGIN_REQUIRED);
  }

  @Test
  void requireFreshLoginWhenEvidenceCameWithoutItsLoginThenRefusedNotWavedThrough() {
    assertThat(refusal(supervisor(null))).isEqualTo(Refusal.FRESH_LOGIN_REQUIRED);
  }

  @Test
  void requireFreshLoginWhenAClientsOwnTokenThenNothingToCheck() {
    assertThatCode(() -> supervisor(new Official.Login(true, null, Set.of())).requireFreshLogin(NOW, WITHIN))
        .doesNotThrowAnyException();
  }
}
