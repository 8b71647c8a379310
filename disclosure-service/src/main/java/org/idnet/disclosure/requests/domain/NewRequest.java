package org.idnet.disclosure.requests.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.idnet.disclosure.release.domain.IdentityField;

/**
 * What an officer asks for, as received (not yet validated: {@link RequestValidation} does that).
 *
 * @param fields the fields asked for; a null element stands for a value the contract does not know
 * @param confidentialUntil null when not set
 */
public record NewRequest(RequestTarget target, String legalBasis, String caseReference, List<IdentityField> fields,
    String justification, boolean emergency, Instant confidentialUntil) {

  public NewRequest {
    // List.copyOf refuses nulls, and a null here is input to refuse politely, not a bug.
    fields = fields == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(fields));
  }

  @Override
  public String toString() {
    return "NewRequest[legalBasis=" + legalBasis + ", fields=" + fields + ", emergency=" + emergency + "]";
  }
}
