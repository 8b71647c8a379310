package org.idnet.benchmarks.observe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cache counters a service exposes on its Prometheus endpoint: every counter ({@code _total})
 * whose name mentions a cache, e.g. Micrometer's {@code cache_gets_total{cache="...",result="hit"}}
 * or a near cache's own {@code ..._cache_hits_total}. The hook for caches that count themselves:
 * whatever such a counter a service adds shows up in the report without a change here.
 */
public final class PrometheusCounters implements Counters {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String service;
  private final URI endpoint;

  /** @param service the name the counters are reported under ({@code gateway}, {@code identity}) */
  public PrometheusCounters(String service, URI endpoint) {
    this.service = service;
    this.endpoint = endpoint;
  }

  @Override
  public Map<String, Double> read() {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(endpoint + " answered HTTP " + response.statusCode());
      }
      return parse(service, response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The cache counters of a Prometheus text exposition, named {@code <service> <metric>{<labels>}}. */
  static Map<String, Double> parse(String service, String exposition) {
    Map<String, Double> counters = new LinkedHashMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int labels = line.indexOf('{');
      int space = labels < 0 ? line.indexOf(' ') : line.indexOf(' ', line.indexOf('}', labels));
      if (space < 0) {
        continue;
      }
      String name = line.substring(0, labels < 0 ? space : labels);
      if (!name.endsWith("_total") || !name.toLowerCase(java.util.Locale.ROOT).contains("cache")) {
        continue;
      }
      String[] value = line.substring(space + 1).trim().split("\\s+");
      try {
        double count = Double.parseDouble(value[0]);
        if (Double.isFinite(count)) {
          counters.put(service + " " + line.substring(0, space), count);
        }
      } catch (NumberFormatException e) {
        // not a number: not a count
      }
    }
    return counters;
  }
}
