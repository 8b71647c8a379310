package org.idnet.disclosure.requests.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.idnet.disclosure.requests.domain.IdempotencyKey;
import org.idnet.disclosure.requests.domain.IdempotencyStore;
import org.idnet.disclosure.requests.domain.RememberedKey;
import org.idnet.disclosure.store.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Idempotency-Keys under a primary key (agency, officer, key). The claim is one INSERT ... ON CONFLICT: a
 * concurrent claim of the same key blocks on the index until the first transaction ends, then
 * either claims it (the first rolled back) or finds it taken and reads what it was used for.
 */
public final class JdbcIdempotencyStore implements IdempotencyStore {

  private final JdbcClient jdbc;

  public JdbcIdempotencyStore(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  @Override
  public Optional<RememberedKey> claim(String agencyId, String officer, IdempotencyKey key, UUID requestId,
      Instant now, Instant staleBefore) {
    int claimed = jdbc.sql("INSERT INTO idempotency_keys (agency_id, requested_by, idempotency_key, body_sha256,"
            + " request_id, created_at) VALUES (:agency, :officer, :key, :hash, :request, :now)"
            + " ON CONFLICT (agency_id, requested_by, idempotency_key) DO UPDATE SET body_sha256 = EXCLUDED.body_sha256,"
            + " request_id = EXCLUDED.request_id, created_at = EXCLUDED.created_at"
            + " WHERE idempotency_keys.created_at < :staleBefore")
        .param("agency", agencyId)
        .param("officer", officer)
        .param("key", key.value())
        .param("hash", key.fingerprint())
        .param("request", requestId)
        .param("now", Sql.ts(now))
        .param("staleBefore", Sql.ts(staleBefore))
        .update();
    if (claimed == 1) {
      return Optional.empty();
    }
    return Optional.of(jdbc.sql("SELECT body_sha256, request_id FROM idempotency_keys"
            + " WHERE agency_id = ? AND requested_by = ? AND idempotency_key = ?")
        .param(agencyId)
        .param(officer)
        .param(key.value())
        .query((rs, row) -> new RememberedKey(rs.getBytes("body_sha256"), rs.getObject("request_id", UUID.class)))
        .single());
  }

  @Override
  public int forget(Instant staleBefore) {
    return jdbc.sql("DELETE FROM idempotency_keys WHERE created_at < ?").param(Sql.ts(staleBefore)).update();
  }
}
