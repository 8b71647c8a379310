package org.idnet.benchmarks.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.idnet.benchmarks.Progress;
import org.idnet.benchmarks.network.SeededNetwork;
import org.idnet.benchmarks.network.Seeder;
import org.idnet.benchmarks.report.Machine;
import org.idnet.stores.LocalPostgres;

/**
 * {@code bin/benchmark imports}: the bulk importer's throughput, end to end. The network as the
 * sandbox starts it; one platform opens an import over HTTP and uploads {@code IDNET_IMPORT_LINES}
 * lines (default 100,000: new accounts, distinct numbers, verified 30 days ago) in batches of 1000
 * through the gateway, one after the other as the command-line uploader sends them, then completes
 * it, and the clock runs until GetImport says DONE. identity-service's job processes while the
 * upload goes on (one replica, the batches of an import one at a time). Figures: lines per second
 * uploaded (gateway, encryption, store) and processed (from the first batch stored to DONE: decrypt,
 * the line rules, the carrier events' look-up, the account row, the binding, its event, the outcome),
 * and a check in PostgreSQL that every line became one imported binding and one event.
 */
public final class ImportsRun {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ImportsRun() {
  }

  public static int run(Path home, Map<String, String> env) throws Exception {
    int lines = Integer.parseInt(env.getOrDefault("IDNET_IMPORT_LINES", "100000"));
    int batchSize = Integer.parseInt(env.getOrDefault("IDNET_IMPORT_BATCH", "1000"));
    if (lines < 1 || batchSize < 1 || batchSize > 1000) {
      throw new IllegalArgumentException("IDNET_IMPORT_LINES must be positive and IDNET_IMPORT_BATCH 1-1000");
    }
    Path data = Files.createTempDirectory("idnet-imports-bench");
    Path results = home.resolve("benchmarks/target/results")
        .resolve("imports-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(results);
    Map<String, Object> summary = new LinkedHashMap<>();
    Machine machine = Machine.current();
    summary.put("machine", machine);
    Progress.say("machine: " + machine.cores() + " cores, " + machine.cpuModel() + ", " + machine.memory() + " RAM; load "
        + machine.load());
    HttpClient http = HttpClient.newHttpClient();
    try (SeededNetwork network = SeededNetwork.start(home, data, Map.of(), 1)) {
      String gateway = network.network().gatewayUrl();
      String token = network.tokens().token(Seeder.PLATFORM);
      JsonNode created = call(http, token, "POST", gateway + "/v1/imports", "{}", 201);
      String id = created.get("id").asText();
      String verifiedAt = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS).toString();

      long begin = System.nanoTime();
      long[] done = new long[1];
      Thread watcher = Thread.ofPlatform().daemon().start(() -> {
        try {
          while (true) {
            JsonNode report = call(http, token, "GET", gateway + "/v1/imports/" + id, null, 200);
            if ("DONE".equals(report.path("status").asText())) {
              done[0] = System.nanoTime();
              return;
            }
            Thread.sleep(100);
          }
        } catch (Exception e) {
          Progress.say("watching the import failed: " + e);
        }
      });
      int batch = 0;
      int throttled = 0;
      for (int first = 1; first <= lines; first += batchSize) {
        int last = Math.min(lines, first + batchSize - 1);
        StringBuilder body = new StringBuilder("{\"batchNumber\":").append(++batch).append(",\"lines\":[");
        for (int line = first; line <= last; line++) {
          body.append(line == first ? "" : ",").append("{\"line\":").append(line)
              .append(",\"accountId\":\"imp-bench-").append(line)
              .append("\",\"phoneNumber\":\"+8491").append(String.format("%07d", line))
              .append("\",\"verifiedAt\":\"").append(verifiedAt).append("\"}");
        }
        throttled += upload(http, token, gateway + "/v1/imports/" + id + "/batches", body.append("]}").toString());
        if (batch % 10 == 0) {
          Progress.say(String.format("uploaded %,d lines", last));
        }
      }
      long uploaded = System.nanoTime();
      call(http, token, "POST", gateway + "/v1/imports/" + id + "/complete", "{}", 200);
      watcher.join(Duration.ofMinutes(30));
      if (done[0] == 0) {
        throw new IllegalStateException("the import was not DONE within 30 minutes");
      }
      JsonNode report = call(http, token, "GET", gateway + "/v1/imports/" + id, null, 200);
      LocalPostgres postgres = network.network().postgres();
      String identity = postgres.jdbcUrl("identity");
      long bindings = count(postgres, identity, "SELECT count(*) FROM phone_bindings WHERE source = 'imported'");
      long uploads = count(postgres, identity, "SELECT count(*) FROM import_uploads");
      double uploadSeconds = (uploaded - begin) / 1e9;
      double totalSeconds = (done[0] - begin) / 1e9;
      summary.put("lines", lines);
      summary.put("batchSize", batchSize);
      summary.put("uploadSeconds", Math.round(uploadSeconds * 10) / 10.0);
      summary.put("uploadLinesPerSecond", Math.round(lines / uploadSeconds));
      summary.put("uploadsThrottled", throttled);
      summary.put("doneSeconds", Math.round(totalSeconds * 10) / 10.0);
      summary.put("processedLinesPerSecond", Math.round(lines / totalSeconds));
      summary.put("linesBound", report.get("linesBound").asLong());
      summary.put("linesRefused", report.get("linesRefused").asLong());
      summary.put("importedBindingsInPostgres", bindings);
      summary.put("uploadsLeft", uploads);
      Progress.say(String.format("uploaded %,d lines in %.1f s (%,d lines/s, %d answers 429); DONE after %.1f s:"
          + " %,d lines/s processed; %,d bound, %,d refused; %,d imported bindings in PostgreSQL, %d uploads left",
          lines, uploadSeconds, Math.round(lines / uploadSeconds), throttled, totalSeconds,
          Math.round(lines / totalSeconds), report.get("linesBound").asLong(), report.get("linesRefused").asLong(),
          bindings, uploads));
      if (report.get("linesBound").asLong() != lines || bindings != lines || uploads != 0) {
        throw new IllegalStateException("the import did not bind every line: " + report);
      }
    }
    SeededNetwork.keepLogsAndDelete(data, results);
    JSON.writerWithDefaultPrettyPrinter().writeValue(results.resolve("imports.json").toFile(), summary);
    System.out.println("Raw results: " + results);
    return 0;
  }

  /** Sends one batch, again after Retry-After while idnet answers 429; how many 429 it met. */
  private static int upload(HttpClient http, String token, String url, String body) throws Exception {
    for (int throttled = 0; ; throttled++) {
      HttpResponse<String> answer = http.send(request(token, "POST", url, body), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() == 200) {
        return throttled;
      }
      if (answer.statusCode() != 429) {
        throw new IllegalStateException("a batch answered " + answer.statusCode() + ": " + answer.body());
      }
      long wait = answer.headers().firstValueAsLong("Retry-After").orElse(1);
      Thread.sleep(Math.max(1, wait) * 1000);
    }
  }

  private static JsonNode call(HttpClient http, String token, String method, String url, String body, int expected)
      throws Exception {
    HttpResponse<String> answer = http.send(request(token, method, url, body), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != expected) {
      throw new IllegalStateException(method + " " + url + " answered " + answer.statusCode() + ": " + answer.body());
    }
    return JSON.readTree(answer.body());
  }

  private static HttpRequest request(String token, String method, String url, String body) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static long count(LocalPostgres postgres, String url, String sql) throws java.sql.SQLException {
    try (Connection c = DriverManager.getConnection(url, postgres.user(), postgres.password());
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
