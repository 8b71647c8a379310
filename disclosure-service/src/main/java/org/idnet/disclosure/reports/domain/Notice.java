package org.idnet.disclosure.reports.domain;

import java.time.Instant;
import java.util.List;
import org.idnet.disclosure.release.domain.IdentityField;

/** That an account's identity was disclosed: who, under which basis, which fields, when; never the values. */
public record Notice(String agencyId, String legalBasis, List<IdentityField> fields, Instant disclosedAt) {

  public Notice {
    fields = List.copyOf(fields);
  }
}
