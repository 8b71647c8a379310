package org.idnet.benchmarks.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.idnet.benchmarks.Progress;
import org.idnet.benchmarks.network.SeededNetwork;
import org.idnet.benchmarks.network.Seeder;
import org.idnet.benchmarks.report.Machine;
import org.idnet.stores.LocalPostgres;

/**
 * {@code bin/benchmark webhooks}: the dispatcher's throughput, end to end. The network as the
 * sandbox starts it, {@code IDNET_WEBHOOK_ACCOUNTS} phone-bound accounts of platform-a, one endpoint
 * registered through the gateway at a receiver on this machine (answers 204 at once; 20 in flight).
 * Then {@code IDNET_WEBHOOK_EVENTS} account.verification_changed events are written to
 * identity-service's outbox in one statement (as many transactions would, spread over the accounts)
 * and the clock runs until the receiver has every event: identity's ReadEvents (the standing read
 * per batch), the dispatcher's store, claim, signature, HTTP POST and record, all of it. Figures:
 * events per second delivered, and the time until the outbox was drained (read and stored).
 */
public final class WebhooksRun {

  private WebhooksRun() {
  }

  public static int run(Path home, Map<String, String> env) throws Exception {
    int events = Integer.parseInt(env.getOrDefault("IDNET_WEBHOOK_EVENTS", "20000"));
    int accounts = Integer.parseInt(env.getOrDefault("IDNET_WEBHOOK_ACCOUNTS", "1000"));
    Path data = Files.createTempDirectory("idnet-webhooks-bench");
    Path results = home.resolve("benchmarks/target/results")
        .resolve("webhooks-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(results);
    Map<String, Object> summary = new LinkedHashMap<>();
    Machine machine = Machine.current();
    summary.put("machine", machine);
    Progress.say("machine: " + machine.cores() + " cores, " + machine.cpuModel() + ", " + machine.memory() + " RAM; load "
        + machine.load());
    try (Receiver receiver = Receiver.start();
        SeededNetwork network = SeededNetwork.start(home, data, Map.of(), accounts)) {
      LocalPostgres postgres = network.network().postgres();
      String identity = postgres.jdbcUrl("identity");
      waitUntil("the seeding's events drained from the outbox", () -> count(postgres, identity,
          "SELECT count(*) FROM event_outbox") == 0, 120);
      register(network, receiver);

      long begin = System.nanoTime();
      try (Connection c = DriverManager.getConnection(identity, postgres.user(), postgres.password());
          Statement s = c.createStatement()) {
        s.executeUpdate("""
            WITH platform_accounts AS (
              SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM accounts WHERE platform_id = '%s')
            INSERT INTO event_outbox (event_id, account, type, occurred_at)
            SELECT gen_random_uuid(), a.id, 'account.verification_changed', now()
            FROM generate_series(0, %d) g JOIN platform_accounts a ON a.n = g %% %d""".formatted(Seeder.PLATFORM,
            events - 1, accounts));
      }
      long written = System.nanoTime();
      Progress.say(String.format("%,d events written to identity's outbox in %.1f s", events, (written - begin) / 1e9));
      long[] drained = new long[1];
      waitUntil("every event delivered", () -> {
        if (drained[0] == 0 && count(postgres, identity, "SELECT count(*) FROM event_outbox") == 0) {
          drained[0] = System.nanoTime();
        }
        return receiver.distinct() >= events;
      }, 1800);
      long done = System.nanoTime();
      double seconds = (done - written) / 1e9;
      summary.put("events", events);
      summary.put("accounts", accounts);
      summary.put("deliverySeconds", Math.round(seconds * 10) / 10.0);
      summary.put("eventsPerSecond", Math.round(events / seconds));
      summary.put("outboxDrainedSeconds", Math.round((drained[0] - written) / 1e8) / 10.0);
      summary.put("requestsReceived", receiver.requests());
      summary.put("duplicateDeliveries", receiver.requests() - receiver.distinct());
      Progress.say(String.format("delivered %,d events in %.1f s: %,d events/s (outbox read and stored in %.1f s;"
          + " %d requests, %d repeats)", events, seconds, Math.round(events / seconds), (drained[0] - written) / 1e9,
          receiver.requests(), receiver.requests() - receiver.distinct()));
    }
    // After the network stopped: its stores stop in their folders, which this deletes.
    SeededNetwork.keepLogsAndDelete(data, results);
    new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
        .writeValue(results.resolve("webhooks.json").toFile(), summary);
    System.out.println("Raw results: " + results);
    return 0;
  }

  private static void register(SeededNetwork network, Receiver receiver) throws Exception {
    String token = network.tokens().token(Seeder.PLATFORM);
    HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        network.network().gatewayUrl() + "/v1/webhooks"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + receiver.url() + "\",\"eventTypes\":"
            + "[\"account.verification_changed\"],\"maxInFlight\":20,\"timeoutSeconds\":10}")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException("registering the endpoint answered " + created.statusCode() + ": "
          + created.body());
    }
  }

  private static long count(LocalPostgres postgres, String url, String sql) {
    try (Connection c = DriverManager.getConnection(url, postgres.user(), postgres.password());
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitUntil(String what, java.util.function.BooleanSupplier condition, int seconds)
      throws InterruptedException {
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException("not within " + seconds + " s: " + what);
      }
      Thread.sleep(50);
    }
  }

  /** The platform's receiver: answers 204 at once, counts requests and distinct event ids. */
  private static final class Receiver implements AutoCloseable {

    private final HttpServer server;
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();

    private Receiver(HttpServer server) {
      this.server = server;
    }

    static Receiver start() throws IOException {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
      Receiver receiver = new Receiver(server);
      server.createContext("/", exchange -> {
        try (exchange) {
          exchange.getRequestBody().readAllBytes();
          receiver.requests.incrementAndGet();
          String id = exchange.getRequestHeaders().getFirst("webhook-id");
          if (id != null) {
            receiver.ids.add(id);
          }
          exchange.sendResponseHeaders(204, -1);
        }
      });
      server.setExecutor(Executors.newFixedThreadPool(8));
      server.start();
      return receiver;
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    long distinct() {
      return ids.size();
    }

    long requests() {
      return requests.get();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
