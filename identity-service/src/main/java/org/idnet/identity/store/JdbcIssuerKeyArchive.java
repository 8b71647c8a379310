package org.idnet.identity.store;

import com.nimbusds.jose.jwk.JWK;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
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
 * ({@code issuer_keys}), kept after the issuer rotates it away: officials' tokens are checked at
 * release, long after issue. Keys are never deleted by the service. Each row carries a keyed MAC
 * (the blind-index key, outside the database): a key written into the table by someone holding
 * only the database verifies nothing.
 */
public final class JdbcIssuerKeyArchive implements KeyArchive {

  private static final Logger log = LoggerFactory.getLogger(JdbcIssuerKeyArchive.class);
  private static final String PURPOSE = "issuer-key";

  private final JdbcClient jdbc;
  private final String issuer;
  private final BiFunction<String, String, byte[]> keyedHash;
  private final Clock clock;

  public JdbcIssuerKeyArchive(DataSource dataSource, String issuer, BiFunction<String, String, byte[]> keyedHash,
      Clock clock) {
    this.jdbc = JdbcClient.create(dataSource);
    this.issuer = issuer;
    this.keyedHash = keyedHash;
    this.clock = clock;
  }

  @Override
  public Optional<JWK> find(String keyId) {
    return jdbc.sql("SELECT jwk, mac FROM issuer_keys WHERE issuer = ? AND kid = ?")
        .param(issuer).param(keyId)
        .query((rs, row) -> verified(keyId, rs.getString(1), rs.getBytes(2)))
        .optional().flatMap(key -> key);
  }

  @Override
  public void remember(List<JWK> keys) {
    var now = AccountRows.utc(clock.instant().truncatedTo(ChronoUnit.MICROS));
    for (JWK key : keys) {
      if (key.getKeyID() == null || key.isPrivate()) {
        continue;
      }
      String json = key.toPublicJWK().toJSONString();
      jdbc.sql("""
              INSERT INTO issuer_keys (issuer, kid, jwk, mac, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)
              ON CONFLICT (issuer, kid) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at""")
          .param(issuer).param(key.getKeyID()).param(json).param(mac(key.getKeyID(), json)).param(now).param(now)
          .update();
    }
  }

  private Optional<JWK> verified(String keyId, String json, byte[] mac) {
    if (!MessageDigest.isEqual(mac, mac(keyId, json))) {
      log.warn("issuer key {} in the archive does not carry a valid MAC: ignored", keyId);
      return Optional.empty();
    }
    try {
      return Optional.of(JWK.parse(json));
    } catch (ParseException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(String keyId, String json) {
    String input = issuer.length() + ":" + issuer + "|" + keyId.length() + ":" + keyId + "|" + json;
    return keyedHash.apply(PURPOSE, input);
  }
}
