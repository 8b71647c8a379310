package org.idnet.disclosure.requests.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.idnet.disclosure.requests.domain.DisclosureRequest;
import org.idnet.disclosure.requests.domain.DisclosureStatus;
import org.idnet.disclosure.requests.domain.OverdueRequests;
import org.idnet.disclosure.requests.domain.PageCursor;
import org.idnet.disclosure.requests.domain.RequestListing;
import org.idnet.disclosure.requests.domain.RequestStore;
import org.idnet.disclosure.store.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Requests in PostgreSQL. Every statement runs on the transaction the caller opened (JdbcClient on
 * the one DataSource joins it), so a change and its audit entry commit together.
 */
public final class JdbcRequestStore implements RequestStore, RequestListing, OverdueRequests {

  private final JdbcClient jdbc;
  private final TargetSealer targets;

  public JdbcRequestStore(DataSource dataSource, TargetSealer targets) {
    this.jdbc = JdbcClient.create(dataSource);
    this.targets = targets;
  }

  @Override
  public void insert(DisclosureRequest r) {
    jdbc.sql("INSERT INTO disclosure_requests (" + RequestRows.COLUMNS + ", account_blind_index) VALUES (:id,"
            + " :agency, :requestedBy, :platform, :account, :basis, :caseReference, CAST(:fields AS text[]), :justification, :emergency,"
            + " :status, :createdAt, :dueAt, :decidedBy, :decidedAt, :note, :disclosedAt, :packageExpiresAt,"
            + " :confidentialUntil, :digest, :releaseRefusal, :accountIndex)")
        .param("id", r.id())
        .param("agency", r.agencyId())
        .param("requestedBy", r.requestedBy())
        .param("platform", r.target().platformId())
        .param("account", targets.seal(r.target().accountId(), r.id()))
        .param("accountIndex", targets.index(r.target().platformId(), r.target().accountId()))
        .param("basis", r.legalBasis())
        .param("caseReference", r.caseReference())
        .param("fields", Sql.fieldArray(r.fields()))
        .param("justification", r.justification())
        .param("emergency", r.emergency())
        .param("status", r.status().name())
        .param("createdAt", Sql.ts(r.createdAt()))
        .param("dueAt", Sql.ts(r.dueAt()))
        .param("decidedBy", r.decidedBy())
        .param("decidedAt", Sql.ts(r.decidedAt()))
        .param("note", r.decisionNote())
        .param("disclosedAt", Sql.ts(r.disclosedAt()))
        .param("packageExpiresAt", Sql.ts(r.packageExpiresAt()))
        .param("confidentialUntil", Sql.ts(r.confidentialUntil()))
        .param("digest", r.digest())
        .param("releaseRefusal", r.releaseRefusal())
        .update();
  }

  @Override
  public Optional<DisclosureRequest> find(UUID id, boolean lock) {
    return jdbc.sql("SELECT " + RequestRows.COLUMNS + " FROM disclosure_requests WHERE id = ?"
            + (lock ? " FOR UPDATE" : ""))
        .param(id)
        .query((rs, row) -> RequestRows.map(targets, rs))
        .optional();
  }

  @Override
  public void update(DisclosureRequest r, DisclosureStatus expected) {
    // Only what a transition may change; the WHERE on the old status refuses a lost race.
    int rows = jdbc.sql("UPDATE disclosure_requests SET status = :status, decided_by = :decidedBy,"
            + " decided_at = :decidedAt, decision_note = :note, disclosed_at = :disclosedAt,"
            + " package_expires_at = :packageExpiresAt, release_refusal = :releaseRefusal"
            + " WHERE id = :id AND status = :expected")
        .param("status", r.status().name())
        .param("decidedBy", r.decidedBy())
        .param("decidedAt", Sql.ts(r.decidedAt()))
        .param("note", r.decisionNote())
        .param("disclosedAt", Sql.ts(r.disclosedAt()))
        .param("packageExpiresAt", Sql.ts(r.packageExpiresAt()))
        .param("releaseRefusal", r.releaseRefusal())
        .param("id", r.id())
        .param("expected", expected.name())
        .update();
    if (rows != 1) {
      throw new IllegalStateException("request " + r.id() + " is no longer " + expected);
    }
  }

  @Override
  public List<DisclosureRequest> page(String agencyId, DisclosureStatus status, PageCursor after, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + RequestRows.COLUMNS
        + " FROM disclosure_requests WHERE agency_id = :agency");
    if (status != null) {
      sql.append(" AND status = :status");
    }
    if (after != null) {
      sql.append(" AND (created_at, id) < (:afterCreatedAt, :afterId)");
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
    JdbcClient.StatementSpec statement = jdbc.sql(sql.toString()).param("agency", agencyId).param("limit", limit);
    if (status != null) {
      statement = statement.param("status", status.name());
    }
    if (after != null) {
      statement = statement.param("afterCreatedAt", Sql.ts(after.createdAt())).param("afterId", after.id());
    }
    return statement.query((rs, row) -> RequestRows.map(targets, rs)).list();
  }

  @Override
  public List<DisclosureRequest> lockOverdue(Instant now, int limit) {
    return jdbc.sql("SELECT " + RequestRows.COLUMNS + " FROM disclosure_requests"
            + " WHERE status = 'AWAITING_APPROVAL' AND due_at <= ? ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED")
        .param(Sql.ts(now))
        .param(limit)
        .query((rs, row) -> RequestRows.map(targets, rs))
        .list();
  }
}
