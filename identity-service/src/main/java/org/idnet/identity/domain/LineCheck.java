package org.idnet.identity.domain;

import java.time.Instant;
import org.idnet.phone.PhoneNumber;

/** What the rules of one import line say before any store is asked ({@link ImportLineRules}). */
public sealed interface LineCheck {

  int line();

  /** Well-formed: the store decides the rest (number reassigned since, account already bound). */
  record Valid(int line, AccountRef account, PhoneNumber phone, Instant verifiedAt) implements LineCheck {
  }

  record Refused(int line, ImportRefusal reason) implements LineCheck {
  }
}
