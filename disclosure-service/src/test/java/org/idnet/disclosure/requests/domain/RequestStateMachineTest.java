package org.idnet.disclosure.requests.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every status against every transition: exactly api.md's moves are allowed, nothing else. */
class RequestStateMachineTest {

  /**
   * api.md: undecided requests are approved, rejected, cancelled or expire; approved ones end
   * disclosed, not found, or release refused.
   */
  static final Map<DisclosureStatus, Set<Transition>> LEGAL = Map.of(
      DisclosureStatus.AWAITING_APPROVAL, EnumSet.of(Transition.APPROVE, Transition.REJECT, Transition.CANCEL,
          Transition.EXPIRE),
      DisclosureStatus.APPROVED, EnumSet.of(Transition.DISCLOSE, Transition.NOT_FOUND_AT_SOURCE,
          Transition.REFUSE_RELEASE));

  @Test
  void transitionWhenListedInApiThenLeadsToItsStatusAndOtherwiseRefused() {
    int checked = 0;
    for (DisclosureStatus from : DisclosureStatus.values()) {
      for (Transition transition : Transition.values()) {
        boolean legal = LEGAL.getOrDefault(from, Set.of()).contains(transition);
        assertThat(allows(from, transition)).as(from + " --" + transition).isEqualTo(legal);
        if (legal) {
          assertThat(RequestStateMachine.next(from, transition)).isEqualTo(transition.target());
        } else {
          DisclosureException refused = catchThrowableOfType(DisclosureException.class,
              () -> RequestStateMachine.next(from, transition));
          assertThat(refused.refusal()).isEqualTo(expectedRefusal(transition));
        }
        checked++;
      }
    }
    assertThat(checked).isEqualTo(DisclosureStatus.values().length * Transition.values().length);
  }

  @Test
  void decisionWhenNotAwaitingApprovalThenRequestNotAwaitingApproval() {
    for (DisclosureStatus from : EnumSet.complementOf(EnumSet.of(DisclosureStatus.AWAITING_APPROVAL))) {
      for (Transition decision : EnumSet.of(Transition.APPROVE, Transition.REJECT, Transition.CANCEL,
          Transition.EXPIRE)) {
        DisclosureException refused = catchThrowableOfType(DisclosureException.class,
            () -> RequestStateMachine.next(from, decision));
        assertThat(refused.refusal().code()).isEqualTo("request-not-awaiting-approval");
        assertThat(refused.refusal().kind()).isEqualTo(Refusal.Kind.PRECONDITION);
      }
    }
  }

  @Test
  void finalStatusesWhenAnyTransitionThenRefused() {
    for (DisclosureStatus end : EnumSet.of(DisclosureStatus.DISCLOSED, DisclosureStatus.REJECTED,
        DisclosureStatus.CANCELLED, DisclosureStatus.EXPIRED, DisclosureStatus.NOT_FOUND_AT_SOURCE,
        DisclosureStatus.RELEASE_REFUSED)) {
      for (Transition transition : Transition.values()) {
        assertThat(allows(end, transition)).as(end + " --" + transition).isFalse();
      }
    }
  }

  @Test
  void everyTransitionLeavesItsOwnAuditEntryType() {
    assertThat(EnumSet.allOf(Transition.class).stream().map(Transition::auditType).distinct().count())
        .isEqualTo(Transition.values().length);
  }

  private static Refusal expectedRefusal(Transition transition) {
    return transition == Transition.DISCLOSE || transition == Transition.NOT_FOUND_AT_SOURCE
        || transition == Transition.REFUSE_RELEASE ? Refusal.REQUEST_NOT_APPROVED : Refusal.REQUEST_NOT_AWAITING_APPROVAL;
  }

  private static boolean allows(DisclosureStatus from, Transition transition) {
    try {
      RequestStateMachine.next(from, transition);
      return true;
    } catch (DisclosureException e) {
      return false;
    }
  }
}
