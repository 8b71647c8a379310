package org.idnet.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.idnet.stores.LocalRedis;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every gateway test class starts for itself: its own Redis and its own gRPC backends, so a
 * class that stops one of them (or fills a bucket) can never change what another class sees.
 * Only the issuer is shared, and nothing changes it.
 */
public final class GatewayTestSetup {

  private GatewayTestSetup() {
  }

  static FakeBackends backends() {
    try {
      return new FakeBackends();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The issuer, TLS files, Redis and backends of one test class. Tokens are not limited per
   * address here (the class that tests that limit sets its own), since tests mint many tokens
   * from one address on purpose.
   */
  static void register(DynamicPropertyRegistry registry, LocalRedis redis, FakeBackends backends) {
    register(registry, redis, backends, true);
  }

  static void register(DynamicPropertyRegistry registry, LocalRedis redis, FakeBackends backends,
      boolean unlimitedNewTokens) {
    register(registry, redis.uri(), null, backends, unlimitedNewTokens);
  }

  /** As above with any Redis URL (a Sentinel one, say) and the CA file that verifies it (or null). */
  static void register(DynamicPropertyRegistry registry, String redisUrl, java.nio.file.Path redisTrustFile,
      FakeBackends backends, boolean unlimitedNewTokens) {
    TestIssuer issuer = TestIssuer.shared();
    registry.add("idnet.gateway.jwt.issuer-uri", issuer::issuer);
    registry.add("idnet.tls.directory", () -> TestTls.directory("gateway").toString());
    registry.add("spring.data.redis.url", () -> redisUrl);
    if (redisTrustFile != null) {
      registry.add("idnet.redis.trust-file", redisTrustFile::toString);
    }
    registry.add("management.server.port", () -> "0");
    if (unlimitedNewTokens) {
      registry.add("idnet.gateway.unverified-token-limit.replenish-rate", () -> "100000");
      registry.add("idnet.gateway.unverified-token-limit.burst-capacity", () -> "100000");
    }
    registry.add("idnet.gateway.backends.phone-otp.target", () -> "localhost:" + backends.otp.getPort());
    registry.add("idnet.gateway.backends.phone-otp.deadline", () -> "3s");
    registry.add("idnet.gateway.backends.identity.target", () -> "localhost:" + backends.identityPort);
    registry.add("idnet.gateway.backends.identity.deadline", () -> "3s");
    // The disclosure services are not faked: their calls reach a server that answers
    // UNIMPLEMENTED (501), which is enough to tell a route that let a caller through.
    registry.add("idnet.gateway.backends.disclosure.target", () -> "localhost:" + backends.otp.getPort());
    registry.add("idnet.gateway.backends.disclosure.peer", () -> "phone-otp-service");
    registry.add("idnet.gateway.backends.disclosure.deadline", () -> "3s");
    // Nor is webhook-dispatcher, for the same reason.
    registry.add("idnet.gateway.backends.webhooks.target", () -> "localhost:" + backends.otp.getPort());
    registry.add("idnet.gateway.backends.webhooks.peer", () -> "phone-otp-service");
    registry.add("idnet.gateway.backends.webhooks.deadline", () -> "3s");
  }
}
