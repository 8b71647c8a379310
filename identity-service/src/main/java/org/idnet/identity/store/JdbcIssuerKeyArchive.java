package org.idnet.identity.store;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.idnet.caller.evidence.KeyArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every signing key of the evidence issuer identity-service has seen, in PostgreSQL
 * ({@code issuer_keys}), kept after the issuer rotates it away (officials' tokens are checked at
 * release, after issue) with when it was last seen published: a token issued well after that was
 * not signed by the issuer ({@link KeySightings}), and a key not seen for longer than any release
 * may wait is purged ({@link #purge}).
 *
 * <p>Each row carries a keyed MAC (the blind-index keyset, outside the database) over issuer, key id,
 * key and last sighting: a key written into the table, or a retired key's sighting moved later, by
 * someone holding only the database verifies nothing. A MAC under any key of the keyset verifies
 * (after a rotation of the blind-index keyset the rows are still good); each sighting stores the key
 * again exactly as the issuer publishes it and MACs the row under the primary key.
 */
public final class JdbcIssuerKeyArchive implements KeyArchive, KeySightings {

  private static final Logger log = LoggerFactory.getLogger(JdbcIssuerKeyArchive.class);
  private static final String PURPOSE = "issuer-key";

  private final JdbcClient jdbc;
  private final String issuer;
  private final BiFunction<String, String, byte[]> keyedHash;
  private final BiFunction<String, String, List<byte[]>> candidates;
  private final Clock clock;

  /**
   * @param keyedHash the blind index under the primary key ({@code BlindIndex::of})
   * @param candidates the blind index under every key of the keyset ({@code BlindIndex::candidates})
   */
  public JdbcIssuerKeyArchive(DataSource dataSource, String issuer, BiFunction<String, String, byte[]> keyedHash,
      BiFunction<String, String, List<byte[]>> candidates, Clock clock) {
    this.jdbc = JdbcClient.create(dataSource);
    this.issuer = issuer;
    this.keyedHash = keyedHash;
    this.candidates = candidates;
    this.clock = clock;
  }

  @Override
  public Optional<JWK> find(String keyId) {
    return row(keyId).filter(Row::genuine).flatMap(Row::key);
  }

  @Override
  public Optional<Instant> lastSeen(String keyId) {
    return row(keyId).filter(Row::genuine).map(Row::lastSeenAt);
  }

  /** Over the rows that verify only: a row written without the MAC key moves nothing. */
  @Override
  public Optional<Instant> latest() {
    return jdbc.sql("SELECT kid, jwk, mac, last_seen_at FROM issuer_keys WHERE issuer = ?")
        .param(issuer)
        .query((rs, n) -> {
          Instant lastSeen = rs.getObject(4, OffsetDateTime.class).toInstant();
          return verifies(rs.getBytes(3), rs.getString(1), rs.getString(2), lastSeen) ? lastSeen : null;
        })
        .list().stream().filter(java.util.Objects::nonNull).max(Instant::compareTo);
  }

  @Override
  public void remember(List<JWK> keys) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    for (JWK key : keys) {
      if (key.getKeyID() != null && !key.isPrivate()) {
        remember(key.toPublicJWK(), now);
      }
    }
  }

  /**
   * Deletes the keys last seen published before {@code before}: no token they signed can pass a
   * release any more.
   *
   * @return how many were deleted
   */
  public int purge(Instant before) {
    return jdbc.sql("DELETE FROM issuer_keys WHERE issuer = ? AND last_seen_at < ?")
        .param(issuer).param(AccountRows.utc(before)).update();
  }

  private void remember(JWK key, Instant now) {
    String kid = key.getKeyID();
    Optional<Row> stored = row(kid);
    if (stored.isEmpty()) {
      String json = key.toJSONString();
      jdbc.sql("""
              INSERT INTO issuer_keys (issuer, kid, jwk, mac, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)
              ON CONFLICT (issuer, kid) DO NOTHING""")
          .param(issuer).param(kid).param(json).param(mac(kid, json, now)).param(AccountRows.utc(now))
          .param(AccountRows.utc(now)).update();
      return;
    }
    Row row = stored.get();
    if (row.key().map(k -> sameKey(k, key)).orElse(false)) {
      // The issuer publishes this very key now: the sighting is authentic whatever the row's MAC was.
      // The key is stored again as published, not as the row had it: the thumbprint covers only the
      // key material, so a row rewritten with the same key and other members ("use", "alg") would
      // otherwise be MAC'd as genuine here.
      String json = key.toJSONString();
      jdbc.sql("UPDATE issuer_keys SET jwk = ?, last_seen_at = ?, mac = ? WHERE issuer = ? AND kid = ? AND jwk = ?")
          .param(json).param(AccountRows.utc(now)).param(mac(kid, json, now)).param(issuer).param(kid)
          .param(row.json()).update();
    } else if (row.genuine()) {
      log.warn("issuer {} publishes another key under the key id {} it used before: the first key is kept", issuer,
          kid);
    } else {
      // A row nobody with the MAC key wrote: the key the issuer publishes takes its place.
      log.warn("issuer key {} in the archive does not carry a valid MAC: replaced by the key the issuer publishes",
          kid);
      String json = key.toJSONString();
      jdbc.sql("""
              UPDATE issuer_keys SET jwk = ?, mac = ?, first_seen_at = ?, last_seen_at = ? WHERE issuer = ? AND kid = ?""")
          .param(json).param(mac(kid, json, now)).param(AccountRows.utc(now)).param(AccountRows.utc(now))
          .param(issuer).param(kid).update();
    }
  }

  private Optional<Row> row(String keyId) {
    return jdbc.sql("SELECT jwk, mac, last_seen_at FROM issuer_keys WHERE issuer = ? AND kid = ?")
        .param(issuer).param(keyId)
        .query((rs, n) -> {
          Instant lastSeen = rs.getObject(3, OffsetDateTime.class).toInstant();
          String json = rs.getString(1);
          return new Row(json, lastSeen, verifies(rs.getBytes(2), keyId, json, lastSeen));
        })
        .optional();
  }

  private boolean verifies(byte[] mac, String keyId, String json, Instant lastSeen) {
    for (byte[] candidate : candidates.apply(PURPOSE, input(keyId, json, lastSeen))) {
      if (MessageDigest.isEqual(mac, candidate)) {
        return true;
      }
    }
    log.warn("issuer key {} in the archive does not carry a valid MAC: ignored", keyId);
    return false;
  }

  private byte[] mac(String keyId, String json, Instant lastSeen) {
    return keyedHash.apply(PURPOSE, input(keyId, json, lastSeen));
  }

  private String input(String keyId, String json, Instant lastSeen) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, lastSeen);
    return issuer.length() + ":" + issuer + "|" + keyId.length() + ":" + keyId + "|" + micros + "|" + json;
  }

  private static boolean sameKey(JWK stored, JWK published) {
    try {
      return stored.computeThumbprint().equals(published.computeThumbprint());
    } catch (JOSEException e) {
      return false;
    }
  }

  private record Row(String json, Instant lastSeenAt, boolean genuine) {
    Optional<JWK> key() {
      try {
        return Optional.of(JWK.parse(json));
      } catch (ParseException e) {
        return Optional.empty();
      }
    }
  }
}
