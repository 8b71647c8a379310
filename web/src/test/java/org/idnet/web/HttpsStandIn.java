package org.idnet.web;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.idnet.tls.dev.DevelopmentCa;

/**
 * A peer of the web (the gateway, the issuer) over real HTTPS on a loopback port, its certificate
 * (for {@code localhost}) from a test CA of its own: {@link #caFile} is what {@code idnet.web.trust-file}
 * must name for the web to reach it. Each path answers a fixed JSON body; {@link #paths} records the
 * paths asked for.
 */
public final class HttpsStandIn implements AutoCloseable {

  public final List<String> paths = new CopyOnWriteArrayList<>();
  private final HttpsServer server;
  private final Path caFile;

  /** @param answers path, JSON body, path, JSON body, … */
  public HttpsStandIn(String... answers) {
    DevelopmentCa ca = DevelopmentCa.create("web test CA", Duration.ofHours(1));
    DevelopmentCa.Issued issued = ca.issueServer(Duration.ofHours(1), "localhost");
    try {
      caFile = issued.writeTo(Files.createTempDirectory("idnet-web-https")).resolve(DevelopmentCa.CA);
      server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setHttpsConfigurator(new HttpsConfigurator(issued.serverContext()));
    for (int i = 0; i < answers.length; i += 2) {
      byte[] body = answers[i + 1].getBytes(StandardCharsets.UTF_8);
      server.createContext(answers[i], exchange -> {
        paths.add(exchange.getRequestURI().getPath());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
    }
    server.start();
  }

  /** https://localhost:port (the name the certificate carries). */
  public String url() {
    return "https://localhost:" + server.getAddress().getPort();
  }

  /** The PEM file of the CA that signed this stand-in's certificate. */
  public Path caFile() {
    return caFile;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
