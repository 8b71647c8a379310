package org.idnet.identity.domain;

/** The webhook events identity-service writes to its outbox; {@link #code()} is the type platforms see. */
public enum EventType {
  /** Bindings, the real name or the age band changed: the standing is read when the event is read. */
  VERIFICATION_CHANGED("account.verification_changed"),
  /** A carrier's report ended the account's phone binding. */
  BINDING_REVOKED("binding.revoked"),
  /** The platform closed the account, and bindings ended with it. */
  ACCOUNT_CLOSED("account.closed");

  private final String code;

  EventType(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static EventType ofCode(String code) {
    for (EventType type : values()) {
      if (type.code.equals(code)) {
        return type;
      }
    }
    throw new IllegalArgumentException("not an event type: " + code);
  }
}
