package org.idnet.disclosure.requests.domain;

/** Where a request stands (api.md); {@link RequestStateMachine} says how it may move. */
public enum DisclosureStatus {
  AWAITING_APPROVAL,
  APPROVED,
  DISCLOSED,
  REJECTED,
  CANCELLED,
  EXPIRED,
  NOT_FOUND_AT_SOURCE,
  /** Approved, and no release will come: refused for good by identity-service, or not released within the release horizon. */
  RELEASE_REFUSED
}
