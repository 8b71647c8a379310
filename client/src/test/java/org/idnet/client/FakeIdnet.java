package org.idnet.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A stand-in for idnet's gateway and token endpoint on a real loopback socket (JDK HttpServer):
 * it issues tokens {@code token-1}, {@code token-2}, ..., records every request, and answers the API
 * routes as the test scripts them. For the client's own rules (tokens, retries, chunking), which
 * the sandbox cannot be made to break on demand.
 */
final class FakeIdnet implements AfterEachCallback {

  /** One request as the server saw it. */
  record Request(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
          .map(h -> h.getValue().get(0)).findFirst().orElse(null);
    }
  }

  /** What the server answers. */
  record Answer(int status, String body, String... headers) {
    static Answer ok(String body) {
      return new Answer(200, body, "Content-Type", "application/json");
    }

    static Answer problem(int status, String code, String... headers) {
      List<String> all = new ArrayList<>(List.of("Content-Type", "application/problem+json"));
      all.addAll(List.of(headers));
      return new Answer(status, "{\"type\":\"about:blank\",\"title\":\"refused\",\"status\":" + status
          + ",\"code\":\"" + code + "\",\"detail\":\"scripted\"}", all.toArray(String[]::new));
    }
  }

  static final String ACCOUNT = "{\"accountId\":\"alice\",\"status\":\"VERIFIED\",\"level\":\"PHONE\","
      + "\"capabilities\":[\"COMMENT\",\"POST\"],\"ageBand\":\"UNKNOWN\",\"verifiedAt\":\"2026-12-04T10:00:00Z\"}";
  static final String VERIFICATION = "{\"id\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"accountId\":\"alice\",\"phoneNumber\":"
      + "\"+8491*****78\",\"status\":\"PENDING\",\"expiresAt\":\"2026-12-04T10:05:00Z\","
      + "\"resendAvailableAt\":\"2026-12-04T10:01:00Z\",\"attemptsRemaining\":5}";

  final List<Request> tokenRequests = new CopyOnWriteArrayList<>();
  final List<Request> apiRequests = new CopyOnWriteArrayList<>();
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T10:00:00Z"));
  volatile long expiresIn = 3600;
  volatile Answer tokenAnswer;
  volatile Function<Request, Answer> api = request -> Answer.ok(ACCOUNT);

  private final AtomicInteger issued = new AtomicInteger();
  private final HttpServer server;

  /** Started at once; a test holds it in a {@code @RegisterExtension} field, which stops it after each test. */
  FakeIdnet() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/token", exchange -> {
      tokenRequests.add(read(exchange));
      Answer scripted = tokenAnswer;
      write(exchange, scripted != null ? scripted : Answer.ok("{\"access_token\":\"token-" + issued.incrementAndGet()
          + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}"));
    });
    server.createContext("/v1/", exchange -> {
      Request request = read(exchange);
      apiRequests.add(request);
      write(exchange, api.apply(request));
    });
    server.start();
  }

  /** A client of this server that records its sleeps instead of sleeping. */
  IdnetClient.Builder client() {
    return IdnetClient.builder().baseUrl(url()).tokenUrl(url() + "/token").clientId("platform-a")
        .clientSecret("platform-a-secret").clock(this::now).sleeper(sleeps::add);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static Request read(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    return new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        Map.copyOf(exchange.getRequestHeaders()), body);
  }

  private static void write(HttpExchange exchange, Answer answer) throws IOException {
    for (int i = 0; i < answer.headers().length; i += 2) {
      exchange.getResponseHeaders().add(answer.headers()[i], answer.headers()[i + 1]);
    }
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  /** The time the client reads: moved only by {@link #advance}. */
  Instant now() {
    return now.get();
  }

  void advance(Duration duration) {
    now.updateAndGet(instant -> instant.plus(duration));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
