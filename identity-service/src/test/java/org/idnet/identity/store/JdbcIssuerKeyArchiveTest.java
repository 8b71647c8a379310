package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import org.idnet.caller.evidence.EvidenceVerifier;
import org.idnet.caller.evidence.InvalidEvidenceException;
import org.idnet.caller.evidence.IssuerKeys;
import org.idnet.caller.evidence.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * identity-service keeps every key the issuer published, in PostgreSQL: an official's token still
 * verifies at release after the issuer rotated its key away, and after a restart; a key slipped into
 * the table without the service's MAC key verifies nothing.
 */
class JdbcIssuerKeyArchiveTest {

  static StoreFixture fixture;
  static TestIssuer issuer;

  @BeforeAll
  static void start() {
    fixture = new StoreFixture("identity_issuer_keys");
    issuer = TestIssuer.start();
  }

  @AfterAll
  static void stop() {
    issuer.close();
    fixture.close();
  }

  static EvidenceVerifier verifier() {
    return new EvidenceVerifier(new IssuerKeys(issuer.issuer(), null, new JdbcIssuerKeyArchive(fixture.dataSource,
        issuer.issuer(), fixture.blindIndex::of, Clock.systemUTC()), Clock.systemUTC(), Duration.ofMinutes(1),
        Duration.ofMinutes(5)), TestIssuer.AUDIENCE, Clock.systemUTC(), Duration.ofSeconds(30));
  }

  @Test
  void aTokenSignedWithARotatedKeyStillVerifiesAfterARestart() {
    var official = TestIssuer.official("supervisor-1", "agency-1", "agency-supervisor");
    String old = issuer.tokenFor(official);
    assertThat(verifier().verify(old, false).official()).isEqualTo("supervisor-1");
    issuer.rotate();
    // A new process: nothing in memory, the issuer publishes only the new key.
    EvidenceVerifier restarted = verifier();
    assertThat(restarted.verify(old, false).official()).isEqualTo("supervisor-1");
    assertThat(restarted.verify(issuer.tokenFor(official), false).official()).isEqualTo("supervisor-1");
    assertThat(fixture.count("SELECT count(*)::int FROM issuer_keys WHERE issuer = ?", issuer.issuer())).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aKeyWrittenIntoTheTableWithoutTheMacKeyVerifiesNothing() {
    var official = TestIssuer.official("supervisor-2", "agency-1", "agency-supervisor");
    String token = issuer.tokenFor(official);
    verifier().verify(token, false);
    // Someone with the database alone re-signs the row's key material: the MAC no longer matches.
    fixture.jdbc.sql("UPDATE issuer_keys SET mac = decode(repeat('00', 32), 'hex') WHERE issuer = ?")
        .param(issuer.issuer()).update();
    issuer.rotate();
    assertThatThrownBy(() -> verifier().verify(token, false)).isInstanceOf(InvalidEvidenceException.class);
  }
}
