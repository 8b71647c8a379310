package org.idnet.webhooks.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;

/**
 * A webhook receiver on loopback (a real HTTP server): records every request and answers the
 * status its answer function gives, so a test can fail it, then let it recover.
 */
public final class Receiver implements AutoCloseable {

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile IntSupplier answer = () -> 204;

  private Receiver(HttpServer server) {
    this.server = server;
  }

  public static Receiver start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      Receiver receiver = new Receiver(server);
      server.createContext("/", exchange -> {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        receiver.requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
            body));
        exchange.sendResponseHeaders(receiver.answer.getAsInt(), -1);
        exchange.close();
      });
      server.setExecutor(Executors.newFixedThreadPool(8));
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** http://hooks.test:port/path: the test's resolver maps hooks.test to loopback. */
  public String url(String path) {
    return "http://hooks.test:" + port() + path;
  }

  public void answer(IntSupplier status) {
    this.answer = status;
  }

  public List<Request> requests() {
    return new ArrayList<>(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  public record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {

    public String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.getFirst();
    }
  }
}
