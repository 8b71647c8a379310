package org.idnet.disclosure.api;

import org.idnet.caller.Caller;
import org.idnet.caller.evidence.Evidence;
import org.idnet.disclosure.requests.domain.Official;

/** The verified caller of the call in progress (and their token, where it is evidence), as the domain knows officials. */
public final class Officials {

  private Officials() {
  }

  public static Official current() {
    Caller caller = Caller.current();
    // The evidence interceptor has checked that the token names this same caller.
    return new Official(caller.subject(), caller.agencyId(), caller.roles(),
        Evidence.current().map(Evidence::token).orElse(null));
  }
}
