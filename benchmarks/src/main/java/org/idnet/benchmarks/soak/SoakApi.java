package org.idnet.benchmarks.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.idnet.benchmarks.network.Tokens;

/**
 * The gateway as the soak's flows call it: each call expects one status, and anything else (another
 * status, a timeout, a lost connection) is an error of that kind of call, counted by what it was
 * ({@code HTTP 503 backend-unavailable}); an expected answer is recorded with its latency.
 */
final class SoakApi {

  /** Sandbox tokens live five minutes; a cached one is renewed well before. */
  private static final long TOKEN_LIFE = Duration.ofMinutes(2).toNanos();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Token(String value, long taken) {
  }

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final String gateway;
  private final Tokens tokens;
  private final SoakRecorder recorder;
  private final Map<String, Token> cached = new ConcurrentHashMap<>();

  SoakApi(String gateway, Tokens tokens, SoakRecorder recorder) {
    this.gateway = gateway;
    this.tokens = tokens;
    this.recorder = recorder;
  }

  /** A token of a sandbox client, renewed every two minutes. */
  String token(String client) throws IOException, InterruptedException {
    Token token = cached.get(client);
    if (token == null || System.nanoTime() - token.taken() > TOKEN_LIFE) {
      token = new Token(tokens.token(client), System.nanoTime());
      cached.put(client, token);
    }
    return token.value();
  }

  /** A token used once (a supervisor's approval: a token approves one request). */
  String freshToken(String client) throws IOException, InterruptedException {
    return tokens.token(client);
  }

  /**
   * One call, its latency counted from {@code due} (the flow's due time for its first call, else
   * when the call was sent). Empty when it failed; the failure is already counted.
   */
  Optional<JsonNode> call(String kind, long due, String method, String path, String token, String body, int expected,
      String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      long end = System.nanoTime();
      if (response.statusCode() != expected) {
        recorder.error(kind, ("HTTP " + response.statusCode() + " " + problemCode(response.body())).strip(), end);
        return Optional.empty();
      }
      recorder.answered(kind, due, end);
      return Optional.of(response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body()));
    } catch (IOException e) {
      recorder.error(kind, e.getClass().getSimpleName(), System.nanoTime());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The problem+json {@code code} of an error answer, or nothing when it has none (an HTML page, an empty body). */
  private static String problemCode(String body) {
    try {
      return body.isEmpty() ? "" : JSON.readTree(body).path("code").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  /** A flow found an answer it did not expect in a 2xx body (a wrong level, no code in the SMS). */
  void wrong(String kind, String what) {
    recorder.error(kind, what, System.nanoTime());
  }
}
