package org.idnet.identity.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The evidence settings' bounds, and how long an issuer key must be kept for them. */
class EvidencePropertiesTest {

  static EvidenceProperties of(String issuer, URI jwks, Duration refreshEvery) {
    return new EvidenceProperties(issuer, jwks, "idnet", Duration.ofSeconds(30), Duration.ofMinutes(5),
        Duration.ofHours(72), Duration.ofHours(24), refreshEvery, null);
  }

  @Test
  void aKeyIsKeptForAsLongAsTheOldestTokenAReleaseMayAcceptCouldNeedIt() {
    // 72 h request + 24 h horizon + 5 min token lifetime (filer's token before filing) + 5 min refresh + 2 x 30 s skew.
    assertThat(of("https://keycloak.example/realms/idnet", null, Duration.ofMinutes(5)).keyRetention())
        .isEqualTo(Duration.ofHours(96).plusMinutes(11));
  }

  @Test
  void theIssuerAndItsKeysAreHttpsOnlyExceptOnThisMachine() {
    assertThat(of("http://localhost:8180/realms/idnet", null, Duration.ofMinutes(5)).configured()).isTrue();
    assertThat(of("", null, Duration.ofMinutes(5)).configured()).isFalse();
    assertThatThrownBy(() -> of("http://keycloak.example/realms/idnet", null, Duration.ofMinutes(5)))
        .hasMessageStartingWith("idnet.evidence.issuer-uri must be an https:// URL");
    assertThatThrownBy(() -> of("https://keycloak.example/realms/idnet", URI.create("http://keycloak.example/certs"),
        Duration.ofMinutes(5))).hasMessageStartingWith("idnet.evidence.jwks-uri must be an https:// URL");
  }

  @Test
  void theScheduledRefreshIsNeverFasterThanTheRefetchFloor() {
    assertThatThrownBy(() -> of("https://keycloak.example/realms/idnet", null, Duration.ofSeconds(59)))
        .hasMessageStartingWith("idnet.evidence.refresh-every must be at least 1 minute");
    assertThatThrownBy(() -> new EvidenceProperties("https://k.example/r", null, "idnet", Duration.ofSeconds(30),
        Duration.ofMinutes(5), Duration.ZERO, Duration.ofHours(24), Duration.ofMinutes(5), null))
        .hasMessageStartingWith("idnet.evidence.max-request-life must be positive");
  }
}
