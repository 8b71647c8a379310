package org.idnet.caller.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Whoever answers the issuer's discovery and JWKS requests decides which keys sign evidence: https
 * only, plain http to this machine alone (decided from the host as written, never resolved), for
 * the settings and for the jwks_uri a discovery document names.
 */
class IssuerUrlsTest {

  @Test
  void httpsAnywhereAndPlainHttpOnlyToThisMachine() {
    assertThat(IssuerUrls.require("p", "https://keycloak.example/realms/idnet")).hasHost("keycloak.example");
    for (String local : new String[] {"http://localhost:8180/realms/idnet", "http://127.0.0.1:9/x",
        "http://127.1.2.3/x", "http://[::1]:8180/x", "HTTP://LOCALHOST/x"}) {
      assertThat(IssuerUrls.require("p", local)).as(local).isNotNull();
    }
  }

  @Test
  void plainHttpElsewhereOrAnotherSchemeIsRefusedNamingTheProperty() {
    for (String remote : new String[] {"http://keycloak.example/realms/idnet", "http://10.0.0.5/x",
        "http://localhost.evil.example/x", "http://127.0.0.1.nip.io/x", "http://128.0.0.1/x", "http://[::2]/x",
        "ftp://localhost/x", "keycloak.example/realms/idnet", "http:///x"}) {
      assertThatThrownBy(() -> IssuerUrls.require("idnet.evidence.issuer-uri", remote)).as(remote)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("idnet.evidence.issuer-uri must be an https:// URL");
    }
    assertThatThrownBy(() -> IssuerUrls.require("idnet.evidence.jwks-uri", "http://a b"))
        .hasMessage("idnet.evidence.jwks-uri is not a URL");
  }

  @Test
  void issuerKeysRefuseAPlainHttpIssuerOrJwksElsewhere() {
    assertThatThrownBy(() -> new IssuerKeys("http://keycloak.example/realms/idnet", null, null, Clock.systemUTC(),
        Duration.ofMinutes(1), Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https://");
    assertThatThrownBy(() -> new IssuerKeys("https://keycloak.example/realms/idnet",
        URI.create("http://keycloak.example/jwks"), null, Clock.systemUTC(), Duration.ofMinutes(1),
        Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JWKS");
  }

  /**
   * The JWKS is named by this machine's host name, which resolves to a loopback address here (the
   * test issuer answers there): only the rule, not an unreachable host, keeps the keys out.
   */
  @Test
  void aDiscoveryDocumentNamingAPlainHttpJwksElsewhereGivesNoKeys() throws Exception {
    String host = java.net.InetAddress.getLocalHost().getHostName();
    org.junit.jupiter.api.Assumptions.assumeFalse(host.equalsIgnoreCase("localhost"), "the host name is localhost");
    try (TestIssuer issuer = TestIssuer.start()) {
      URI certs = URI.create(issuer.issuer() + "/protocol/openid-connect/certs");
      issuer.discoverJwksAt("http://" + host + ":" + certs.getPort() + certs.getPath());
      IssuerKeys keys = new IssuerKeys(issuer.issuer(), null, null, Clock.systemUTC(), Duration.ZERO,
          Duration.ofMinutes(5));
      assertThat(keys.refresh()).isFalse();
      issuer.discoverJwksAt(null);
      assertThat(keys.refresh()).isTrue();
      assertThat(issuer.jwksFetches()).isEqualTo(1);
    }
  }
}
