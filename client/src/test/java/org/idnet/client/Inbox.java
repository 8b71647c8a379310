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

  /** The deliveries of events of these accounts, in arrival order. */
  List<Delivery> deliveries(String... accounts) throws IOException {
    List<Delivery> found = new ArrayList<>();
    for (Delivery delivery : deliveries) {
      if (List.of(accounts).contains(Json.MAPPER.readTree(delivery.body()).path("accountId").asText())) {
        found.add(delivery);
      }
    }
    return found;
  }

  /** The bodies of {@code account}'s events, once there are {@code count} (waiting up to 30 s). */
  List<JsonNode> await(int count, String account) throws Exception {
    Instant until = Instant.now().plus(Duration.ofSeconds(30));
    List<JsonNode> bodies = new ArrayList<>();
    do {
      bodies.clear();
      for (Delivery delivery : deliveries(account)) {
        bodies.add(Json.MAPPER.readTree(delivery.body()));
      }
      if (bodies.size() >= count) {
        return bodies;
      }
      Thread.sleep(50);
    } while (Instant.now().isBefore(until));
    throw new AssertionError("expected " + count + " deliveries of " + account + " within 30 s, got " + bodies);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  record Delivery(Map<String, List<String>> headers, byte[] body) {
  }
}
