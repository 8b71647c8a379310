package org.idnet.identity.domain;

/**
 * A grant refused by a check that runs once its signature verified (four eyes, replay, retry):
 * {@link IdentityRelease} records it and answers {@link GrantRefusal#exception()}.
 */
public final class RefusedGrant extends RuntimeException {

  private final GrantRefusal refusal;

  public RefusedGrant(GrantRefusal refusal) {
    super(refusal.check(), null, false, false);
    this.refusal = refusal;
  }

  public GrantRefusal refusal() {
    return refusal;
  }
}
