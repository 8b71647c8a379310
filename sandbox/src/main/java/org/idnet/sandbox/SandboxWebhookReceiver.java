package org.idnet.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook receiver for the walkthrough, on loopback: answers 204 to every POST (and 405 to
 * anything else) and keeps nothing; what was delivered is read from the dispatcher's inbox,
 * {@code GET /sandbox/webhooks}. A developer's own receiver on this machine works the same way.
 */
final class SandboxWebhookReceiver implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService threads;

  private SandboxWebhookReceiver(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  static SandboxWebhookReceiver start(int port) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      server.createContext("/", exchange -> {
        try (exchange) {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders("POST".equals(exchange.getRequestMethod()) ? 204 : 405, -1);
        }
      });
      ExecutorService threads = Executors.newFixedThreadPool(4);
      server.setExecutor(threads);
      server.start();
      return new SandboxWebhookReceiver(server, threads);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for webhooks on 127.0.0.1:" + port
          + " (IDNET_WEBHOOK_RECEIVER_PORT sets another port)", e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  @Override
  public String toString() {
    return "the sandbox's webhook receiver";
  }
}
