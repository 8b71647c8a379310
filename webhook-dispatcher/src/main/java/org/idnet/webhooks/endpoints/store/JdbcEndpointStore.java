package org.idnet.webhooks.endpoints.store;

import java.security.MessageDigest;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.idnet.webhooks.endpoints.domain.Endpoint;
import org.idnet.webhooks.endpoints.domain.EndpointStore;
import org.idnet.webhooks.endpoints.domain.FailureReason;
import org.idnet.webhooks.endpoints.domain.IdempotencyClaim;
import org.idnet.webhooks.endpoints.domain.NewEndpoint;
import org.idnet.webhooks.endpoints.domain.RevealedEndpoint;
import org.idnet.webhooks.endpoints.domain.SigningSecret;
import org.idnet.webhooks.endpoints.domain.WebhookException;
import org.idnet.webhooks.store.RowCipher;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Endpoints in PostgreSQL (schema: {@code db/migration/V1__endpoints_events_and_deliveries.sql}).
 * Secrets are AEAD ciphertexts bound to their row and column. Creates of one platform serialize on
 * a transaction-scoped advisory lock of the platform, so the limit and the idempotency key hold
 * under parallel calls and several replicas.
 */
public final class JdbcEndpointStore implements EndpointStore {

  static final String TABLE = "endpoints";
  static final String SECRET = "secret_ciphertext";
  static final String PREVIOUS_SECRET = "previous_secret_ciphertext";
  private static final String COLUMNS = """
      id, platform_id, url, event_types, max_in_flight, timeout_seconds, created_at, disabled_at,
      disabled_reason""";

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final RowCipher cipher;

  public JdbcEndpointStore(DataSource dataSource, PlatformTransactionManager transactionManager, RowCipher cipher) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
    this.cipher = cipher;
  }

  @Override
  public RevealedEndpoint create(String id, NewEndpoint endpoint, SigningSecret secret,
      Optional<IdempotencyClaim> claim, int limit, Instant now) {
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    return translate(() -> transactions.execute(status -> {
      jdbc.sql("SELECT pg_advisory_xact_lock(7001, hashtext(?))").param(endpoint.platformId())
          .query((rs, n) -> 1).list();
      if (claim.isPresent()) {
        Optional<RevealedEndpoint> earlier = earlier(endpoint.platformId(), claim.get());
        if (earlier.isPresent()) {
          return earlier.get();
        }
      }
      int count = jdbc.sql("SELECT count(*) FROM endpoints WHERE platform_id = ?").param(endpoint.platformId())
          .query(Integer.class).single();
      if (count >= limit) {
        throw WebhookException.of(FailureReason.TOO_MANY_WEBHOOK_ENDPOINTS,
            "a platform may have at most " + limit + " webhook endpoints: delete one first");
      }
      jdbc.sql("""
              INSERT INTO endpoints (id, platform_id, url, event_types, max_in_flight, timeout_seconds,
                                     secret_ciphertext, idempotency_key, request_digest, created_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
          .param(id).param(endpoint.platformId()).param(endpoint.url())
          .param(endpoint.eventTypes().toArray(String[]::new))
          .param(endpoint.maxInFlight()).param(endpoint.timeoutSeconds())
          .param(cipher.encrypt(secret.key(), TABLE, SECRET, RowCipher.row(id, endpoint.platformId())))
          .param(claim.map(IdempotencyClaim::key).orElse(null))
          .param(claim.map(IdempotencyClaim::requestDigest).orElse(null))
          .param(utc(at))
          .update();
      return new RevealedEndpoint(new Endpoint(id, endpoint.platformId(), endpoint.url(), endpoint.eventTypes(),
          endpoint.maxInFlight(), endpoint.timeoutSeconds(), at, Optional.empty(), Optional.empty()), secret);
    }));
  }

  @Override
  public Optional<RevealedEndpoint> replay(String platformId, IdempotencyClaim claim) {
    return translate(() -> earlier(platformId, claim));
  }

  private Optional<RevealedEndpoint> earlier(String platformId, IdempotencyClaim claim) {
    return jdbc.sql("SELECT " + COLUMNS + ", secret_ciphertext, request_digest FROM endpoints"
            + " WHERE platform_id = ? AND idempotency_key = ?")
        .param(platformId).param(claim.key())
        .query((rs, n) -> {
          if (!MessageDigest.isEqual(rs.getBytes("request_digest"), claim.requestDigest())) {
            throw WebhookException.of(FailureReason.IDEMPOTENCY_KEY_REUSED,
                "this Idempotency-Key was used with another request");
          }
          Endpoint endpoint = endpoint(rs, n);
          return new RevealedEndpoint(endpoint, secret(rs.getBytes(SECRET), SECRET, endpoint.id(), platformId));
        }).optional();
  }

  @Override
  public List<Endpoint> list(String platformId) {
    return translate(() -> jdbc.sql("SELECT " + COLUMNS + " FROM endpoints WHERE platform_id = ? ORDER BY created_at, id")
        .param(platformId).query(JdbcEndpointStore::endpoint).list());
  }

  @Override
  public boolean delete(String platformId, String endpointId) {
    return translate(() -> jdbc.sql("DELETE FROM endpoints WHERE platform_id = ? AND id = ?")
        .param(platformId).param(endpointId).update() == 1);
  }

  @Override
  public Optional<RevealedEndpoint> rotate(String platformId, String endpointId, SigningSecret secret,
      Duration overlap, Instant now) {
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    return translate(() -> transactions.execute(status -> {
      Optional<Current> current = jdbc.sql("SELECT secret_ciphertext, disabled_at FROM endpoints"
              + " WHERE platform_id = ? AND id = ? FOR UPDATE")
          .param(platformId).param(endpointId)
          .query((rs, n) -> new Current(rs.getBytes(1), rs.getObject(2, OffsetDateTime.class))).optional();
      if (current.isEmpty()) {
        return Optional.<RevealedEndpoint>empty();
      }
      SigningSecret old = secret(current.get().secret(), SECRET, endpointId, platformId);
      jdbc.sql("""
              UPDATE endpoints SET secret_ciphertext = ?, previous_secret_ciphertext = ?, previous_secret_until = ?,
                                   disabled_at = NULL, disabled_reason = NULL
              WHERE id = ?""")
          .param(cipher.encrypt(secret.key(), TABLE, SECRET, RowCipher.row(endpointId, platformId)))
          .param(cipher.encrypt(old.key(), TABLE, PREVIOUS_SECRET, RowCipher.row(endpointId, platformId)))
          .param(utc(at.plus(overlap)))
          .param(endpointId)
          .update();
      if (current.get().disabledAt() != null) {
        // Enabled again: what it had not received is due now (the delivery that disabled it too), its
        // back-off started afresh. A rotation of an enabled endpoint changes no delivery's schedule.
        jdbc.sql("""
                UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = ?, finished_at = NULL,
                                      lease_until = NULL
                WHERE endpoint_id = ?
                  AND ((state = 'given-up' AND finished_at >= ?
                        AND last_error IS DISTINCT FROM 'endpoint disabled for longer than the retention')
                       OR (state = 'pending' AND lease_until IS NULL))""")
            .param(utc(at)).param(endpointId).param(current.get().disabledAt()).update();
      }
      Endpoint endpoint = jdbc.sql("SELECT " + COLUMNS + " FROM endpoints WHERE id = ?").param(endpointId)
          .query(JdbcEndpointStore::endpoint).single();
      return Optional.of(new RevealedEndpoint(endpoint, secret));
    }));
  }

  private record Current(byte[] secret, OffsetDateTime disabledAt) {
  }

  private SigningSecret secret(byte[] ciphertext, String column, String endpointId, String platformId) {
    return SigningSecret.of(cipher.decrypt(ciphertext, TABLE, column, RowCipher.row(endpointId, platformId)));
  }

  static Endpoint endpoint(ResultSet rs, int row) throws SQLException {
    Array types = rs.getArray("event_types");
    OffsetDateTime disabledAt = rs.getObject("disabled_at", OffsetDateTime.class);
    return new Endpoint(rs.getString("id"), rs.getString("platform_id"), rs.getString("url"),
        Arrays.asList((String[]) types.getArray()), rs.getInt("max_in_flight"), rs.getInt("timeout_seconds"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        Optional.ofNullable(disabledAt).map(OffsetDateTime::toInstant),
        Optional.ofNullable(rs.getString("disabled_reason")));
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static <T> T translate(Supplier<T> work) {
    try {
      return work.get();
    } catch (DuplicateKeyException e) {
      // A parallel create with the same key won on another replica between lock and insert: cannot
      // happen under the advisory lock; answered as unavailable rather than half a success.
      throw WebhookException.storeUnavailable(e);
    } catch (DataAccessException e) {
      throw WebhookException.storeUnavailable(e);
    }
  }
}
