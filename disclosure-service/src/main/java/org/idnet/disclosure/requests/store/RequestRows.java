package org.idnet.disclosure.requests.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.idnet.disclosure.requests.domain.DisclosureRequest;
import org.idnet.disclosure.requests.domain.DisclosureStatus;
import org.idnet.disclosure.requests.domain.RequestTarget;
import org.idnet.disclosure.store.Sql;

/**
 * The columns of a disclosure request and how a row becomes one. The target's account id is read
 * from its ciphertext ({@link TargetSealer}); the blind index is only for finding rows.
 */
final class RequestRows {

  static final String COLUMNS = "id, agency_id, requested_by, platform_id, account_id_ciphertext, legal_basis,"
      + " case_reference, fields, justification, emergency, status, created_at, due_at, decided_by, decided_at,"
      + " decision_note, disclosed_at, package_expires_at, confidential_until, digest, release_refusal";

  private RequestRows() {
  }

  static DisclosureRequest map(TargetSealer targets, ResultSet rs) throws SQLException {
    UUID id = rs.getObject("id", UUID.class);
    return new DisclosureRequest(
        id,
        rs.getString("agency_id"),
        rs.getString("requested_by"),
        new RequestTarget(rs.getString("platform_id"), targets.open(rs.getBytes("account_id_ciphertext"), id)),
        rs.getString("legal_basis"),
        rs.getString("case_reference"),
        Sql.fields(rs, "fields"),
        rs.getString("justification"),
        rs.getBoolean("emergency"),
        DisclosureStatus.valueOf(rs.getString("status")),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "due_at"),
        rs.getString("decided_by"),
        Sql.instant(rs, "decided_at"),
        rs.getString("decision_note"),
        Sql.instant(rs, "disclosed_at"),
        Sql.instant(rs, "package_expires_at"),
        Sql.instant(rs, "confidential_until"),
        rs.getString("digest"),
        rs.getString("release_refusal"));
  }
}
