package org.idnet.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ThreadLocalRandom;
import org.idnet.client.errors.IdnetException;
import org.idnet.client.errors.IdnetProblemException;

/**
 * One idnet call over HTTP, with the bearer token, the one refresh a 401 earns, and retries only
 * where they are safe: a call marked {@link Retry#SAFE} (a read, or a creating call that carries an
 * Idempotency-Key reused on every attempt) is retried on 429, 503 and on a connection that failed,
 * waiting what {@code Retry-After} asks (up to a bound) or a growing, jittered back-off. Any other
 * 4xx, and any failure of a call marked {@link Retry#NEVER}, is thrown at once.
 *
 * @param timeout of one HTTP exchange
 * @param maxRetries retries of a {@link Retry#SAFE} call
 * @param maxRetryWait the longest wait before a retry; a longer Retry-After is thrown, not waited
 */
record Transport(HttpClient http, URI baseUrl, ClientCredentials tokens, Duration timeout, int maxRetries,
    Duration maxRetryWait, InstantSource clock, Sleeper sleeper) {

  /** Whether repeating a call can change anything a first attempt did not. */
  enum Retry {
    /** Reads, and creates with an Idempotency-Key: repeating them is harmless. */
    SAFE,
    /**
     * Repeated only when idnet answered 429 {@code confirmation-in-progress} or {@code rate-limited}:
     * refused before anything was done (a real-name registration whose register was not asked).
     */
    REFUSED_UNDONE,
    /** Anything else (a code check spends an attempt, a resend sends an SMS): never repeated. */
    NEVER
  }

  /** Sleeps between attempts; the tests record what was asked instead. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  /** The 429 codes that say idnet did nothing with the request: safe to send again after the wait. */
  static final java.util.Set<String> NOTHING_DONE = java.util.Set.of("confirmation-in-progress", "rate-limited");

  /**
   * Sends {@code method path} (path already encoded) with a JSON body (or none), and the extra
   * headers given as name, value pairs; answers the body of a 2xx or throws.
   */
  String send(String method, String path, String json, Retry retry, String... headers) {
    boolean refreshed = false;
    int retries = 0;
    while (true) {
      String token = tokens.token();
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
          .header("Authorization", "Bearer " + token)
          .header("Accept", "application/json, application/problem+json")
          .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
      if (json != null) {
        request.header("Content-Type", "application/json");
      }
      if (headers.length > 0) {
        request.headers(headers);
      }
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (retry == Retry.SAFE && retries < maxRetries) {
          pause(backoff(retries++));
          continue;
        }
        throw new IdnetException(method + " " + path + " failed: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IdnetException("interrupted during " + method + " " + path, e);
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return response.body();
      }
      if (status == 401 && !refreshed) {
        // The token expired early or was revoked: nothing ran, so one new token and one more try.
        tokens.rejected(token);
        refreshed = true;
        continue;
      }
      IdnetProblemException problem = Problems.from(response, clock);
      boolean repeatable = retry == Retry.SAFE && (status == 429 || status == 503)
          || retry == Retry.REFUSED_UNDONE && status == 429 && problem.code() != null
          && NOTHING_DONE.contains(problem.code());
      if (repeatable && retries < maxRetries) {
        // Never sooner than the back-off, whatever Retry-After says (0 or less is no reason to hurry).
        Duration backoff = backoff(retries);
        Duration wait = problem.retryAfter().filter(after -> after.compareTo(backoff) > 0).orElse(backoff);
        if (wait.compareTo(maxRetryWait) <= 0) {
          retries++;
          pause(wait);
          continue;
        }
      }
      throw problem;
    }
  }

  /** 200 ms, 400 ms, 800 ms... (bounded by the longest wait), each between half and all of it. */
  private Duration backoff(int retries) {
    long ceiling = Math.min(maxRetryWait.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(retries, 20));
    return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
  }

  private void pause(Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IdnetException("interrupted while waiting to retry", e);
    }
  }
}
