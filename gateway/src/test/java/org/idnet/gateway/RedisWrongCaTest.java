package org.idnet.gateway;

import org.idnet.gateway.security.DeniedClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Redis's certificate is signed by another CA than {@code idnet.redis.trust-file}'s: the gateway
 * never uses that Redis; general limits fail open, as for a Redis that is down, and the log says why.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class RedisWrongCaTest {

  static final FakeBackends BACKENDS = GatewayTestSetup.backends();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    RedisRefusal.register(registry, RedisRefusal.redis().uri(), RedisRefusal.OTHER_CA, BACKENDS);
  }

  @AfterAll
  static void stop() {
    BACKENDS.close();
  }

  @Value("${local.server.port}")
  int port;
  @Autowired
  DeniedClients denied;

  @Test
  void limitsFailOpenAndTheLogSaysTheCertificateIsNotTrusted() {
    RedisRefusal.assertFailsOpenLogging(port, denied, "TLS: Redis's certificate is not signed by a CA in idnet.redis.trust-file");
  }
}
