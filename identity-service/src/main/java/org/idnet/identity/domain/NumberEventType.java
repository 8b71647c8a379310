package org.idnet.identity.domain;

/** What a carrier reports about a number. */
public enum NumberEventType {
  /** The number left its holder and may be given to someone else. */
  DISCONNECTED,
  /** The number was given to someone else. */
  REASSIGNED,
  /** Same holder, other carrier: bindings still hold. */
  PORTED;

  /** Whether bindings made before the event stop counting. */
  public boolean revokesBindings() {
    return this != PORTED;
  }
}
