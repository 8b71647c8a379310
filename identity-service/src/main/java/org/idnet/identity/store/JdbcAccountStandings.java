package org.idnet.identity.store;

import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import javax.sql.DataSource;
import org.idnet.identity.domain.AccountStanding;
import org.idnet.identity.domain.AccountStandings;
import org.idnet.identity.domain.AgeRule;
import org.idnet.identity.domain.PhoneSource;
import org.idnet.identity.domain.PhoneStanding;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The hot path's one query: every requested account of a platform with its active person link,
 * pairwise subject and latest phone binding, by the unique index on (platform_id,
 * account_blind_index) - one HMAC per requested id (more only while a rotated blind-index key is
 * still in the keyset). The birth-date ciphertext is fetched only for minors in the year they turn
 * 16, the only ones whose band needs it ({@link AgeRule}); nothing else personal is read.
 */
public final class JdbcAccountStandings implements AccountStandings {

  private static final String SQL = """
      SELECT a.account_blind_index,
             pb.bound_at  AS person_since,
             s.subject_id,
             p.id         AS person_id,
             p.turns_16_in,
             CASE WHEN p.turns_16_in = ? THEN p.birth_date_ciphertext END AS birth_date_ciphertext,
             ph.bound_at  AS phone_bound_at,
             ph.revoked_at AS phone_revoked_at,
             ph.source    AS phone_source,
             ph.platform_verified_at AS phone_platform_verified_at,
             EXISTS (SELECT 1 FROM person_bindings e WHERE e.account = a.id AND e.ended_at IS NOT NULL)
                          AS person_link_ended
      FROM accounts a
      LEFT JOIN person_bindings pb ON pb.account = a.id AND pb.ended_at IS NULL
      LEFT JOIN persons p ON p.id = pb.person
      LEFT JOIN pairwise_subjects s ON s.person = pb.person AND s.platform_id = a.platform_id
      LEFT JOIN LATERAL (
        SELECT b.bound_at, b.revoked_at, b.source, b.platform_verified_at FROM phone_bindings b WHERE b.account = a.id
        ORDER BY b.revoked_at IS NULL DESC, b.revoked_at DESC LIMIT 1) ph ON true
      WHERE a.platform_id = ? AND a.account_blind_index = ANY (?)""";

  private final JdbcClient jdbc;
  private final FieldCipher cipher;
  private final AgeRule ages;
  private final AccountIds ids;
  private final Duration importedValidFor;

  /**
   * @param importedValidFor how long after the platform's verification an imported binding counts
   *     ({@code idnet.identity.imports.imported-valid-for}): from then on it reads as ended, whether
   *     or not the expiry job has revoked it yet
   */
  public JdbcAccountStandings(DataSource dataSource, FieldCipher cipher, BlindIndex blindIndex, AgeRule ages,
      Duration importedValidFor) {
    this.importedValidFor = importedValidFor;
    this.jdbc = JdbcClient.create(dataSource);
    this.cipher = cipher;
    this.ages = ages;
    this.ids = new AccountIds(blindIndex, cipher);
  }

  @Override
  public Map<String, AccountStanding> read(String platformId, Collection<String> accountIds, Instant now) {
    if (accountIds.isEmpty()) {
      return Map.of();
    }
    // Which requested id each index stands for: the rows name their accounts only by index.
    Map<ByteBuffer, String> requested = new HashMap<>();
    for (String accountId : accountIds) {
      for (byte[] index : ids.candidates(platformId, accountId)) {
        requested.put(ByteBuffer.wrap(index), accountId);
      }
    }
    Map<String, AccountStanding> standings = new HashMap<>();
    StoreErrors.translate(() -> {
      jdbc.sql(SQL)
          .param(ages.today(now).getYear())
          .param(platformId)
          .param(requested.keySet().stream().map(ByteBuffer::array).toArray(byte[][]::new))
          .query(rs -> {
            standings.put(requested.get(ByteBuffer.wrap(rs.getBytes("account_blind_index"))), standing(rs, now));
          });
      return null;
    });
    return standings;
  }

  private AccountStanding standing(ResultSet rs, Instant now) throws SQLException {
    Optional<AccountStanding> realName = Optional.empty();
    UUID person = rs.getObject("person_id", UUID.class);
    if (person != null) {
      int year = rs.getInt("turns_16_in");
      OptionalInt turns16In = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(year);
      byte[] birthDate = rs.getBytes("birth_date_ciphertext");
      realName = Optional.of(AccountStanding.realName(instant(rs, "person_since"), rs.getString("subject_id"),
          ages.standing(turns16In, () -> LocalDate.parse(cipher.decrypt(birthDate,
              new FieldRef(JdbcPersonStore.TABLE, JdbcPersonStore.BIRTH_DATE, person))), now)));
    }
    OffsetDateTime boundAt = rs.getObject("phone_bound_at", OffsetDateTime.class);
    OffsetDateTime revokedAt = rs.getObject("phone_revoked_at", OffsetDateTime.class);
    PhoneStanding phone = phone(boundAt, revokedAt, rs.getString("phone_source"),
        rs.getObject("phone_platform_verified_at", OffsetDateTime.class), importedValidFor, now);
    return AccountStanding.of(realName, phone, rs.getBoolean("person_link_ended"));
  }

  /**
   * The latest binding's standing. An imported binding counts from the platform's verification until
   * {@code validFor} after it: from that instant on it has ended, revoked by the expiry job or not.
   */
  static PhoneStanding phone(OffsetDateTime boundAt, OffsetDateTime revokedAt, String source,
      OffsetDateTime platformVerifiedAt, Duration validFor, Instant now) {
    if (boundAt == null) {
      return new PhoneStanding.Unbound();
    }
    if (revokedAt != null) {
      return new PhoneStanding.Revoked(revokedAt.toInstant());
    }
    if (!"imported".equals(source)) {
      return new PhoneStanding.Active(boundAt.toInstant());
    }
    Instant endsAt = platformVerifiedAt.toInstant().plus(validFor);
    return now.isBefore(endsAt)
        ? new PhoneStanding.Active(platformVerifiedAt.toInstant(), PhoneSource.IMPORTED, Optional.of(endsAt))
        : new PhoneStanding.Revoked(endsAt);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }
}
