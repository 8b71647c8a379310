package org.idnet.disclosure.requests.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.idnet.disclosure.requests.domain.DeletedPackage;
import org.idnet.disclosure.requests.domain.PackageStore;
import org.idnet.disclosure.requests.domain.SealedPackage;
import org.idnet.disclosure.store.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Sealed packages in PostgreSQL: ciphertext only, deleted at expiry. */
public final class JdbcPackageStore implements PackageStore {

  private final JdbcClient jdbc;

  public JdbcPackageStore(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  @Override
  public void insert(SealedPackage p) {
    jdbc.sql("INSERT INTO disclosure_packages (request_id, sealed, disclosed_at, expires_at) VALUES (?, ?, ?, ?)")
        .param(p.requestId())
        .param(p.sealed())
        .param(Sql.ts(p.disclosedAt()))
        .param(Sql.ts(p.expiresAt()))
        .update();
  }

  @Override
  public Optional<SealedPackage> find(UUID requestId) {
    return jdbc.sql("SELECT request_id, sealed, disclosed_at, expires_at FROM disclosure_packages WHERE request_id = ?")
        .param(requestId)
        .query((rs, row) -> new SealedPackage(rs.getObject("request_id", UUID.class), rs.getBytes("sealed"),
            Sql.instant(rs, "disclosed_at"), Sql.instant(rs, "expires_at")))
        .optional();
  }

  @Override
  public List<DeletedPackage> deleteExpired(Instant now, int limit) {
    // The sub-select locks the requests whose packages it picks (the service may lock requests, not
    // packages: it holds no UPDATE on them) and skips those another replica holds. DELETE returns
    // only rows it deleted itself, so each package is deleted, and audited, once.
    return jdbc.sql("DELETE FROM disclosure_packages p USING (SELECT r.id, r.agency_id FROM disclosure_requests r"
            + " JOIN disclosure_packages due ON due.request_id = r.id WHERE due.expires_at <= ?"
            + " ORDER BY due.expires_at LIMIT ? FOR UPDATE OF r SKIP LOCKED) picked"
            + " WHERE p.request_id = picked.id RETURNING p.request_id, picked.agency_id")
        .param(Sql.ts(now))
        .param(limit)
        .query((rs, row) -> new DeletedPackage(rs.getObject("request_id", UUID.class), rs.getString("agency_id")))
        .list();
  }
}
