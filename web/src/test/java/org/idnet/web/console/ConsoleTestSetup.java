package org.idnet.web.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.idnet.stores.LocalRedis;
import org.idnet.web.WebTestSetup;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A console test's web: real Redis, its own keys, the stub gateway, the test issuer, and a port
 * chosen before the context starts (the login's redirect URI names the web's public URL, so it must
 * be the real one).
 */
final class ConsoleTestSetup {

  private ConsoleTestSetup() {
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void register(DynamicPropertyRegistry registry, LocalRedis redis, ConsoleStubGateway gateway,
      ConsoleTestIssuer issuer, int port) {
    Path keys = WebTestSetup.keysDirectory();
    registry.add("idnet.web.redis-url", redis::uri);
    registry.add("idnet.web.gateway-url", gateway::url);
    registry.add("idnet.web.public-url", () -> "http://localhost:" + port);
    registry.add("idnet.web.sessions.keys.directory", keys::toString);
    registry.add("idnet.web.sessions.keys.create-if-missing", () -> "true");
    registry.add("idnet.web.trusted-proxies", () -> "127.0.0.1");
    registry.add("idnet.web.hsts", () -> "false");
    registry.add("server.port", () -> String.valueOf(port));
    registry.add("management.server.port", () -> "0");
    issuer.register(registry);
  }
}
