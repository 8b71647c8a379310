package org.idnet.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GatewayPropertiesTest {

  @Test
  void rateLimitWhenNoRequestCouldEverPassOrNothingWouldBeCountedThenRefusedAtStart() {
    for (int[] bad : new int[][] {{0, 10, 1}, {5, 10, 0}, {1, 59, 60}}) {
      assertThatThrownBy(() -> new GatewayProperties.RateLimit(bad[0], bad[1], bad[2]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("idnet.gateway.rate-limits");
    }
    assertThat(new GatewayProperties.RateLimit(1, 60, 60).requestedTokens()).isEqualTo(60);
  }

  @Test
  void aJwksUriIsOptionalAndHeldToTheIssuersHttpsRule() {
    assertThat(new GatewayProperties.Jwt("https://sso.example/realms/idnet", "idnet", java.time.Duration.ofSeconds(30),
        java.time.Duration.ofMinutes(5), "", null).jwksUri()).isNull();
    assertThatThrownBy(() -> new GatewayProperties.Jwt("https://sso.example/realms/idnet", "idnet",
        java.time.Duration.ofSeconds(30), java.time.Duration.ofMinutes(5), "http://keycloak-service:8080/certs", null))
        .hasMessageStartingWith("idnet.gateway.jwt.jwks-uri must be an https:// URL");
  }
}
