package org.idnet.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network's public face as its clients meet it: tokens from the issuer, calls to the gateway,
 * each answer with the time it took. Every call is bounded ({@link #TIMEOUT}): a network that does
 * not answer fails the case instead of hanging the build.
 */
public final class Api {

  static final ObjectMapper JSON = new ObjectMapper();
  /** Far above every deadline of the network (the longest is 5 s): a call this slow is a failure. */
  static final Duration TIMEOUT = Duration.ofSeconds(15);

  /** An answer and how long it took, in milliseconds. */
  public record Answer(int status, String body, Map<String, java.util.List<String>> headers, long millis) {

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON (" + status + "): " + body, e);
      }
    }

    public String field(String name) {
      return json().path(name).asText();
    }

    /** The problem's {@code code}, or empty. */
    public String code() {
      return body.startsWith("{") ? json().path("code").asText() : "";
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
          .map(e -> e.getValue().getFirst()).orElse(null);
    }

    @Override
    public String toString() {
      return status + " in " + millis + " ms: " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }
  }

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final String gateway;
  private final String tokenEndpoint;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  Api(String gateway, String tokenEndpoint) {
    this.gateway = gateway;
    this.tokenEndpoint = tokenEndpoint;
  }

  /** A token for a sandbox client, cached (a supervisor's approval needs a {@link #freshToken}). */
  public String token(String client) {
    return tokens.computeIfAbsent(client, this::freshToken);
  }

  public String freshToken(String client) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint)).timeout(TIMEOUT)
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((client + ":" + client + "-secret").getBytes()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
    Answer answer = send(request);
    if (answer.status() != 200) {
      throw new IllegalStateException("no token for " + client + ": " + answer.status());
    }
    String token = answer.field("access_token");
    // No log may hold a token, nor its signature alone.
    org.idnet.faults.check.Ledger.secret(token, token.substring(token.lastIndexOf('.') + 1));
    return token;
  }

  public Answer get(String path, String client) {
    return call("GET", path, client, null);
  }

  public Answer post(String path, String client, String body, String... headers) {
    return call("POST", path, client, body, headers);
  }

  public Answer put(String path, String client, String body) {
    return call("PUT", path, client, body);
  }

  /** A call as {@code client} (a sandbox client id; null: no token), with extra header pairs. */
  public Answer call(String method, String path, String client, String body, String... headers) {
    return callWithToken(method, path, client == null ? null : token(client), body, headers);
  }

  public Answer callWithToken(String method, String path, String token, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  private Answer send(HttpRequest request) {
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body(), response.headers().map(),
          (System.nanoTime() - start) / 1_000_000);
    } catch (HttpTimeoutException e) {
      throw new AssertionError(request.method() + " " + request.uri().getPath() + " got no answer within " + TIMEOUT, e);
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri().getPath() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
