package org.idnet.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A platform's webhook receiver on loopback, as a platform would run one: records and answers 200. */
final class Inbox implements AutoCloseable {

  private final HttpServer server;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

  private Inbox(HttpServer server) {
    this.server = server;
  }

  static Inbox start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20);
    Inbox inbox = new Inbox(server);
    server.createContext("/", exchange -> {
      try (exchange) {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
            List.copyOf(values)));
        inbox.deliveries.add(new Delivery(headers, body));
        exchange.sendResponseHeaders(200, -1);
      }
    });
    server.start();
    return inbox;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/idnet/events";
  }

  List<Delivery> deliveries() {
    return new ArrayList<>(deliveries);
  }

  /** The bodies of the first {@code count} deliveries, waiting up to 30 s for them. */
  List<JsonNode> await(int count) throws Exception {
    Instant until = Instant.now().plus(Duration.ofSeconds(30));
    while (deliveries.size() < count && Instant.now().isBefore(until)) {
      Thread.sleep(50);
    }
    List<JsonNode> bodies = new ArrayList<>();
    for (Delivery delivery : deliveries) {
      bodies.add(Json.MAPPER.readTree(delivery.body()));
    }
    if (bodies.size() < count) {
      throw new AssertionError("expected " + count + " deliveries within 30 s, got " + bodies);
    }
    return bodies;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  record Delivery(Map<String, List<String>> headers, byte[] body) {
  }
}
