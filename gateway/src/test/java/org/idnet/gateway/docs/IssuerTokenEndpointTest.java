package org.idnet.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

class IssuerTokenEndpointTest {

  @Test
  void theTokenEndpointIsReadFromTheIssuersDiscoveryDocument() {
    MockOAuth2Server issuer = new MockOAuth2Server();
    issuer.start();
    try {
      String url = new IssuerTokenEndpoint(WebClient.create(), issuer.issuerUrl("realms/idnet").toString())
          .tokenUrl().block(Duration.ofSeconds(10));
      assertThat(url).isEqualTo(issuer.tokenEndpointUrl("realms/idnet").toString()).endsWith("/realms/idnet/token");
    } finally {
      issuer.shutdown();
    }
  }

  @Test
  void anIssuerThatCannotBeAskedGivesKeycloaksEndpointMeanwhile() {
    String url = new IssuerTokenEndpoint(WebClient.create(), "http://127.0.0.1:1/realms/idnet")
        .tokenUrl().block(Duration.ofSeconds(10));
    assertThat(url).isEqualTo("http://127.0.0.1:1/realms/idnet/protocol/openid-connect/token");
  }
}
