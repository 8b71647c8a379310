package org.idnet.identity.hosted.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.domain.VerificationLevel;
import org.idnet.identity.hosted.domain.HostedSessionStore;
import org.idnet.identity.hosted.domain.SessionOutcome;
import org.idnet.identity.store.AccountIds;
import org.idnet.identity.store.BlindIndex;
import org.idnet.identity.store.FieldCipher;
import org.idnet.identity.store.FieldRef;
import org.idnet.identity.store.StoreErrors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Return URLs and verification sessions in PostgreSQL (V12). The account ids, the state and the
 * label are AEAD ciphertexts bound to their row and column; the launch token, session secret and
 * result reference are SHA-256 hashes; every change of status is one conditional UPDATE.
 */
public final class JdbcHostedSessionStore implements HostedSessionStore {

  static final String TABLE = "verification_sessions";
  /** Serialises one platform's return-URL registrations, so its limit holds under races. */
  private static final int RETURN_URL_LOCK_CLASS = 0x72755f31;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final FieldCipher cipher;
  private final BlindIndex blindIndex;

  public JdbcHostedSessionStore(DataSource dataSource, PlatformTransactionManager transactionManager,
      FieldCipher cipher, BlindIndex blindIndex) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
    this.cipher = cipher;
    this.blindIndex = blindIndex;
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  @Override
  public ReturnUrl registerReturnUrl(String platformId, String url, Instant now, int max) {
    return StoreErrors.translate(() -> transactions.execute(status -> {
      jdbc.sql("SELECT pg_advisory_xact_lock(?, ?)").param(RETURN_URL_LOCK_CLASS).param(platformId.hashCode())
          .query((rs, n) -> 1).list();
      Optional<ReturnUrl> existing = jdbc.sql("SELECT id, url, created_at FROM return_urls WHERE platform_id = ? AND url = ?")
          .param(platformId).param(url).query(JdbcHostedSessionStore::returnUrl).optional();
      if (existing.isPresent()) {
        return existing.get();
      }
      int count = jdbc.sql("SELECT count(*) FROM return_urls WHERE platform_id = ?").param(platformId)
          .query(Integer.class).single();
      if (count >= max) {
        throw IdentityException.of(FailureReason.TOO_MANY_RETURN_URLS,
            "the platform has " + max + " return URLs registered, the most it may: delete one first");
      }
      ReturnUrl created = new ReturnUrl(UUID.randomUUID(), url, now);
      jdbc.sql("INSERT INTO return_urls (id, platform_id, url, created_at) VALUES (?, ?, ?, ?)")
          .param(created.id()).param(platformId).param(url).param(at(now)).update();
      return created;
    }));
  }

  private static ReturnUrl returnUrl(ResultSet rs, int n) throws SQLException {
    return new ReturnUrl(rs.getObject("id", UUID.class), rs.getString("url"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }

  @Override
  public List<ReturnUrl> returnUrls(String platformId) {
    return StoreErrors.translate(() -> jdbc.sql(
        "SELECT id, url, created_at FROM return_urls WHERE platform_id = ? ORDER BY created_at, id")
        .param(platformId).query(JdbcHostedSessionStore::returnUrl).list());
  }

  @Override
  public boolean deleteReturnUrl(String platformId, UUID id) {
    return StoreErrors.translate(() -> jdbc.sql("DELETE FROM return_urls WHERE platform_id = ? AND id = ?")
        .param(platformId).param(id).update() == 1);
  }

  @Override
  public boolean isRegistered(String platformId, String url) {
    return StoreErrors.translate(() -> jdbc.sql("SELECT count(*) FROM return_urls WHERE platform_id = ? AND url = ?")
        .param(platformId).param(url).query(Integer.class).single() == 1);
  }

  @Override
  public UUID create(Session s, Optional<String> idempotencyKey, byte[] requestHash, byte[] launchHash,
      Instant launchExpiresAt) {
    return StoreErrors.translate(() -> transactions.execute(status -> {
      if (idempotencyKey.isPresent()) {
        Optional<UUID> earlier = repeat(s.platformId(), idempotencyKey.get(), requestHash, launchHash,
            s.createdAt());
        if (earlier.isPresent()) {
          return earlier.get();
        }
      }
      try {
        jdbc.sql("""
            INSERT INTO verification_sessions (id, platform_id, account_index, account_id_ciphertext,
              guardian_id_ciphertext, level, locale, return_url, state_ciphertext, account_label_ciphertext,
              idempotency_key, request_hash, launch_hash, launch_expires_at, status, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'CREATED', ?, ?)""")
            .param(s.id()).param(s.platformId()).param(AccountIds.index(blindIndex, s.platformId(), s.accountId()))
            .param(cipher.encrypt(s.accountId(), field("account_id_ciphertext", s.id())))
            .param(s.guardianAccountId().map(g -> cipher.encrypt(g, field("guardian_id_ciphertext", s.id()))).orElse(null))
            .param(s.level().name()).param(s.locale()).param(s.returnUrl())
            .param(cipher.encrypt(s.state(), field("state_ciphertext", s.id())))
            .param(s.accountLabel().isEmpty() ? null : cipher.encrypt(s.accountLabel(), field("account_label_ciphertext", s.id())))
            .param(idempotencyKey.orElse(null)).param(requestHash).param(launchHash).param(at(launchExpiresAt))
            .param(at(s.createdAt())).param(at(s.expiresAt())).update();
        return s.id();
      } catch (DuplicateKeyException e) {
        // The same key in parallel: the other transaction's session answers, once it committed.
        status.setRollbackOnly();
        throw IdentityException.of(FailureReason.IDEMPOTENCY_KEY_REUSED,
            "a session with this Idempotency-Key is being created: repeat the request");
      }
    }));
  }

  private Optional<UUID> repeat(String platformId, String key, byte[] requestHash, byte[] launchHash, Instant now) {
    record Earlier(UUID id, byte[] requestHash, String status, Instant launchExpiresAt) {
    }
    Optional<Earlier> earlier = jdbc.sql("""
        SELECT id, request_hash, status, launch_expires_at FROM verification_sessions
        WHERE platform_id = ? AND idempotency_key = ? FOR UPDATE""").param(platformId).param(key)
        .query((rs, n) -> new Earlier(rs.getObject("id", UUID.class), rs.getBytes("request_hash"), rs.getString("status"),
            rs.getObject("launch_expires_at", OffsetDateTime.class).toInstant()))
        .optional();
    if (earlier.isEmpty()) {
      return Optional.empty();
    }
    if (!Arrays.equals(earlier.get().requestHash(), requestHash)) {
      throw IdentityException.of(FailureReason.IDEMPOTENCY_KEY_REUSED,
          "this Idempotency-Key was used with another request");
    }
    if (!"CREATED".equals(earlier.get().status())) {
      throw IdentityException.of(FailureReason.IDEMPOTENCY_KEY_REUSED,
          "the session of this Idempotency-Key was opened already: create a new one with a new key");
    }
    if (!now.isBefore(earlier.get().launchExpiresAt())) {
      // Its launch address expired: a new token under the old expiry would be a dead link.
      throw IdentityException.of(FailureReason.IDEMPOTENCY_KEY_REUSED,
          "the launch address of this Idempotency-Key's session has expired: create a new session with a new key");
    }
    jdbc.sql("UPDATE verification_sessions SET launch_hash = ? WHERE id = ?").param(launchHash)
        .param(earlier.get().id()).update();
    return Optional.of(earlier.get().id());
  }

  @Override
  public Optional<Session> open(byte[] launchHash, byte[] secretHash, Instant now, Consumer<Session> check) {
    return StoreErrors.translate(() -> transactions.execute(status -> {
      Optional<UUID> id = jdbc.sql("""
          UPDATE verification_sessions SET launch_hash = NULL, secret_hash = ?, status = 'OPEN', opened_at = ?
          WHERE launch_hash = ? AND status = 'CREATED' AND launch_expires_at > ? AND expires_at > ?
          RETURNING id""").param(secretHash).param(at(now)).param(launchHash).param(at(now)).param(at(now))
          .query(UUID.class).optional();
      Optional<Session> opened = id.flatMap(this::find);
      opened.ifPresent(check); // throws: the transaction rolls back, the launch token stays unspent
      return opened;
    }));
  }

  @Override
  public Optional<Session> find(UUID id) {
    return StoreErrors.translate(() -> jdbc.sql("""
        SELECT id, platform_id, account_id_ciphertext, guardian_id_ciphertext, level, locale, return_url,
          state_ciphertext, account_label_ciphertext, status, outcome, real_name_submissions, guardian_required,
          created_at, expires_at, secret_hash, finished_at
        FROM verification_sessions WHERE id = ?""").param(id).query(this::session).optional());
  }

  private Session session(ResultSet rs, int n) throws SQLException {
    UUID id = rs.getObject("id", UUID.class);
    byte[] guardian = rs.getBytes("guardian_id_ciphertext");
    byte[] label = rs.getBytes("account_label_ciphertext");
    String outcome = rs.getString("outcome");
    OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
    return new Session(id, rs.getString("platform_id"),
        cipher.decrypt(rs.getBytes("account_id_ciphertext"), field("account_id_ciphertext", id)),
        Optional.ofNullable(guardian).map(g -> cipher.decrypt(g, field("guardian_id_ciphertext", id))),
        VerificationLevel.valueOf(rs.getString("level")), rs.getString("locale"), rs.getString("return_url"),
        cipher.decrypt(rs.getBytes("state_ciphertext"), field("state_ciphertext", id)),
        label == null ? "" : cipher.decrypt(label, field("account_label_ciphertext", id)),
        Status.valueOf(rs.getString("status")), Optional.ofNullable(outcome).map(SessionOutcome::valueOf),
        rs.getInt("real_name_submissions"), rs.getBoolean("guardian_required"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("expires_at", OffsetDateTime.class).toInstant(), rs.getBytes("secret_hash"),
        Optional.ofNullable(finished).map(OffsetDateTime::toInstant));
  }

  @Override
  public boolean finish(UUID id, SessionOutcome outcome, byte[] resultHash, Instant resultExpiresAt, Instant now) {
    return StoreErrors.translate(() -> jdbc.sql("""
        UPDATE verification_sessions SET status = 'FINISHED', outcome = ?, result_hash = ?, result_expires_at = ?,
          finished_at = ?
        WHERE id = ? AND status = 'OPEN'""").param(outcome.name()).param(resultHash).param(at(resultExpiresAt))
        .param(at(now)).param(id).update() == 1);
  }

  @Override
  public Optional<UUID> redeem(String platformId, byte[] resultHash, Instant now) {
    return StoreErrors.translate(() -> jdbc.sql("""
        UPDATE verification_sessions SET redeemed_at = ?
        WHERE result_hash = ? AND platform_id = ? AND redeemed_at IS NULL AND result_expires_at > ?
        RETURNING id""").param(at(now)).param(resultHash).param(platformId).param(at(now)).query(UUID.class).optional());
  }

  @Override
  public boolean reserveRealName(UUID id, int max, Instant now) {
    return StoreErrors.translate(() -> jdbc.sql("""
        UPDATE verification_sessions SET real_name_submissions = real_name_submissions + 1
        WHERE id = ? AND status = 'OPEN' AND expires_at > ? AND real_name_submissions < ?""")
        .param(id).param(at(now)).param(max).update() == 1);
  }

  @Override
  public void realNameSettled(UUID id, boolean counted, boolean guardianRequired) {
    StoreErrors.translate(() -> jdbc.sql("""
        UPDATE verification_sessions SET guardian_required = ?,
          real_name_submissions = CASE WHEN ? THEN real_name_submissions ELSE greatest(real_name_submissions - 1, 0) END
        WHERE id = ?""").param(guardianRequired).param(counted).param(id).update());
  }

  @Override
  public int deleteEnded(Instant before) {
    return StoreErrors.translate(() -> jdbc.sql("""
        DELETE FROM verification_sessions WHERE coalesce(finished_at, expires_at) < ? AND expires_at < ?""")
        .param(at(before)).param(at(before)).update());
  }

  private static FieldRef field(String column, UUID row) {
    return new FieldRef(TABLE, column, row);
  }
}
