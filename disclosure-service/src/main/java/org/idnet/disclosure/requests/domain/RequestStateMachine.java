package org.idnet.disclosure.requests.domain;

/**
 * The one place that says which status changes exist (api.md): a request awaiting approval is
 * approved, rejected, cancelled or expires; an approved one ends disclosed, not found at the source,
 * or release refused (for good, or past the release horizon). Everything else is final. Every use case and job moves a request only through here.
 */
public final class RequestStateMachine {

  private RequestStateMachine() {
  }

  /** The status {@code transition} leads to from {@code from}, or the refusal the caller sees. */
  public static DisclosureStatus next(DisclosureStatus from, Transition transition) {
    DisclosureStatus required = switch (transition) {
      case APPROVE, REJECT, CANCEL, EXPIRE -> DisclosureStatus.AWAITING_APPROVAL;
      case DISCLOSE, NOT_FOUND_AT_SOURCE, REFUSE_RELEASE -> DisclosureStatus.APPROVED;
    };
    if (from != required) {
      throw required == DisclosureStatus.AWAITING_APPROVAL
          ? DisclosureException.of(Refusal.REQUEST_NOT_AWAITING_APPROVAL, "the request is " + from + ", not awaiting approval")
          : DisclosureException.of(Refusal.REQUEST_NOT_APPROVED, "the request is " + from + ", not approved");
    }
    return transition.target();
  }
}
