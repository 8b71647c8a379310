package org.idnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.idnet.stores.LocalRedis;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Found in review: the gateway started with a plain-http issuer on another host, where the evidence
 * checks of the services refuse one. Whoever answers that issuer's discovery and JWKS decides which
 * tokens pass: the gateway does not start, and says which property is wrong.
 */
class GatewayStartupTest {

  @Test
  void startWhenTheIssuerIsPlainHttpElsewhereThenFailsNamingTheProperty() {
    Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(GatewayApplication.class).run(
        "--server.port=0", "--management.server.port=0",
        "--idnet.tls.directory=" + TestTls.directory("gateway"),
        "--spring.data.redis.url=redis://127.0.0.1:" + LocalRedis.freePort(),
        "--idnet.gateway.jwt.issuer-uri=http://keycloak.example/realms/idnet").close());

    assertThat(failure).isNotNull();
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    assertThat(messages.toString()).contains("idnet.gateway.jwt.issuer-uri must be an https:// URL");
  }
}
