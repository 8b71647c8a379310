package org.idnet.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.idnet.stores.LocalRedis;
import org.springframework.test.context.DynamicPropertyRegistry;

/** What a web test class starts: Redis (real), a keyset directory of its own, the stub gateway. */
public final class WebTestSetup {

  private WebTestSetup() {
  }

  public static Path keysDirectory() {
    try {
      return Files.createTempDirectory("idnet-web-keys");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void register(DynamicPropertyRegistry registry, LocalRedis redis, StubGateway gateway, Path keys) {
    registry.add("idnet.web.redis-url", redis::uri);
    registry.add("idnet.web.gateway-url", gateway::url);
    registry.add("idnet.web.public-url", () -> "http://localhost:8070");
    registry.add("idnet.web.sessions.keys.directory", keys::toString);
    registry.add("idnet.web.sessions.keys.create-if-missing", () -> "true");
    // Tests name their client address in X-Forwarded-For, so POST counters never mix.
    registry.add("idnet.web.trusted-proxies", () -> "127.0.0.1");
    registry.add("idnet.web.hsts", () -> "false");
    registry.add("server.port", () -> "0");
    registry.add("management.server.port", () -> "0");
  }
}
