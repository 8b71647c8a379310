package org.idnet.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.time.Instant;
import java.util.Base64;
import org.idnet.client.errors.IdnetAuthenticationException;
import org.idnet.client.errors.IdnetException;

/**
 * Access tokens by the OAuth 2.0 client-credentials grant (RFC 6749 §4.4), cached until shortly
 * before they expire. Many threads that need a token at once cause one request to the token
 * endpoint, not one each, and none waits for it while the current token is still valid.
 */
final class ClientCredentials {

  /** A token is replaced this long before it expires (at most half its life), so none expires in flight. */
  static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofSeconds(30);
  /** When the token endpoint does not say how long a token lives. */
  static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(1);

  private final HttpClient http;
  private final URI tokenUrl;
  private final String authorization;
  private final String scope;
  private final Duration timeout;
  private final InstantSource clock;

  /** Failures of the token endpoint are remembered this long: threads waiting meanwhile fail at once. */
  static final Duration FAILURE_REMEMBERED = Duration.ofSeconds(5);
  /** The longest life taken from an {@code expires_in}; longer (or absurd) values are cut to it. */
  static final Duration MAX_LIFETIME = Duration.ofDays(1);

  /** Held by the one thread asking the token endpoint; others use the current token if still valid. */
  private final java.util.concurrent.locks.ReentrantLock fetching = new java.util.concurrent.locks.ReentrantLock();
  private String token;
  private Instant refreshAt;
  private Instant expiresAt;
  private IdnetException lastFailure;
  private Instant lastFailureUntil;

  ClientCredentials(HttpClient http, URI tokenUrl, String clientId, String clientSecret, String scope,
      Duration timeout, InstantSource clock) {
    this.http = http;
    this.tokenUrl = tokenUrl;
    // client_secret_basic: id and secret form-encoded, then Basic (RFC 6749 §2.3.1).
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(
        (form(clientId) + ":" + form(clientSecret)).getBytes(StandardCharsets.UTF_8));
    this.scope = scope;
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * A token valid for a while yet: the cached one, or a new one. While one thread asks the token
   * endpoint for the next token, the others go on with the current one if it has not expired; if
   * it has, they wait for that one request, and when it fails they fail at once (for
   * {@link #FAILURE_REMEMBERED}) instead of each asking a slow endpoint in turn.
   */
  String token() {
    synchronized (this) {
      Instant now = clock.instant();
      if (token != null && now.isBefore(refreshAt)) {
        return token;
      }
      if (token != null && now.isBefore(expiresAt) && fetching.isLocked()) {
        return token;
      }
    }
    fetching.lock();
    try {
      String current;
      synchronized (this) {
        Instant now = clock.instant();
        if (token != null && now.isBefore(refreshAt)) {
          return token;
        }
        if (lastFailure != null && now.isBefore(lastFailureUntil)) {
          if (token != null && now.isBefore(expiresAt)) {
            return token;
          }
          throw lastFailure;
        }
        current = token != null && now.isBefore(expiresAt) ? token : null;
      }
      try {
        fetch();
      } catch (IdnetException e) {
        synchronized (this) {
          lastFailure = e;
          lastFailureUntil = clock.instant().plus(FAILURE_REMEMBERED);
        }
        if (current != null) {
          // The endpoint failed, but the token in hand is good for a little longer.
          return current;
        }
        throw e;
      }
      synchronized (this) {
        lastFailure = null;
        return token;
      }
    } finally {
      fetching.unlock();
    }
  }

  /**
   * idnet refused {@code rejected} (401): forget it, unless another thread already replaced it
   * (then its successor is used and the endpoint is not asked twice).
   */
  synchronized void rejected(String rejected) {
    if (rejected.equals(token)) {
      token = null;
      lastFailure = null;
    }
  }

  private void fetch() {
    Instant asked = clock.instant();
    String body = "grant_type=client_credentials" + (scope == null ? "" : "&scope=" + form(scope));
    HttpResponse<String> response;
    try {
      response = http.send(HttpRequest.newBuilder(tokenUrl).timeout(timeout)
          .header("Authorization", authorization)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IdnetException("the token endpoint " + tokenUrl + " could not be reached", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IdnetException("interrupted while fetching a token", e);
    }
    JsonNode answer = readOrNull(response.body());
    int status = response.statusCode();
    if (status == 400 || status == 401) {
      // RFC 6749 §5.2: the credentials (or the grant) were refused.
      String error = answer == null ? null : Json.text(answer, "error");
      throw new IdnetAuthenticationException(status, error, "the token endpoint refused the client"
          + " credentials: HTTP " + status + (error == null ? "" : " " + error));
    }
    if (status != 200 || answer == null || Json.text(answer, "access_token") == null) {
      throw new IdnetException("the token endpoint " + tokenUrl + " gave no token: HTTP " + status
          + (answer == null ? ", not JSON" : ""));
    }
    Duration lifetime = lifetime(answer.get("expires_in"));
    Duration margin = REFRESH_BEFORE_EXPIRY.compareTo(lifetime.dividedBy(2)) < 0 ? REFRESH_BEFORE_EXPIRY
        : lifetime.dividedBy(2);
    String fetched = Json.text(answer, "access_token");
    synchronized (this) {
      token = fetched;
      refreshAt = asked.plus(lifetime).minus(margin);
      expiresAt = asked.plus(lifetime);
    }
  }

  /** {@code expires_in} as a life between 1 s and {@link #MAX_LIFETIME}; absent or not a positive number: the default. */
  static Duration lifetime(JsonNode expiresIn) {
    if (expiresIn == null || !expiresIn.canConvertToLong() || expiresIn.asLong() <= 0) {
      return DEFAULT_LIFETIME;
    }
    return Duration.ofSeconds(Math.min(expiresIn.asLong(), MAX_LIFETIME.toSeconds()));
  }

  private static JsonNode readOrNull(String body) {
    try {
      return Json.read(body);
    } catch (IdnetException e) {
      return null;
    }
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
