package org.idnet.disclosure.api;

import org.idnet.caller.Caller;
import org.idnet.disclosure.requests.domain.Official;

/** The verified caller of the call in progress, as the domain knows officials. */
public final class Officials {

  private Officials() {
  }

  public static Official current() {
    Caller caller = Caller.current();
    return new Official(caller.subject(), caller.agencyId(), caller.roles());
  }
}
