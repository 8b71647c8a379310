package org.idnet.disclosure.api;

import org.idnet.caller.Caller;
import org.idnet.caller.evidence.Evidence;
import org.idnet.disclosure.requests.domain.Official;

/**
 * The verified caller of the call in progress (and their token, where it is evidence), as the domain
 * knows officials. Where the call carries evidence, the official's roles are the token's own: the
 * evidence interceptor holds the gateway's statement to be no more than the token (the same official,
 * client and agency, and stated roles the token has), but a statement that leaves a role out is no
 * less true for it, and a taken-over gateway leaving out agency-officer would get an official who
 * also files past the separation-of-duties check.
 */
public final class Officials {

  private Officials() {
  }

  public static Official current() {
    Caller caller = Caller.current();
    return Evidence.current()
        .map(evidence -> new Official(caller.subject(), caller.agencyId(), evidence.roles(), evidence.token(),
            new Official.Login(evidence.serviceAccount(), evidence.authTime(), evidence.authenticationMethods())))
        .orElseGet(() -> new Official(caller.subject(), caller.agencyId(), caller.roles()));
  }
}
