package org.idnet.disclosure.requests.domain;

import java.util.Objects;
import java.util.Set;
import org.idnet.disclosure.release.domain.IdentityField;

/**
 * One entry of the legal-basis catalogue: a law's article that lets agencies ask for these
 * fields, and whether it allows the one-hour emergency track.
 *
 * @param code stable word cited by requests, e.g. {@code VN-CPC-2015-ART88}
 */
public record LegalBasis(String code, String title, Set<IdentityField> allowedFields, boolean emergencyAllowed) {

  public LegalBasis {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(title, "title");
    allowedFields = Set.copyOf(allowedFields);
  }
}
