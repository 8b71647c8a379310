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
 * before they expire. One lock guards the cache and the fetch: many threads that need a token at
 * once cause one request to the token endpoint, not one each.
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

  private String token;
  private Instant refreshAt;

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

  /** A token valid for a while yet: the cached one, or a new one. */
  synchronized String token() {
    if (token == null || !clock.instant().isBefore(refreshAt)) {
      fetch();
    }
    return token;
  }

  /**
   * idnet refused {@code rejected} (401): forget it, unless another thread already replaced it
   * (then its successor is used and the endpoint is not asked twice).
   */
  synchronized void rejected(String rejected) {
    if (rejected.equals(token)) {
      token = null;
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
    if (response.statusCode() != 200 || answer == null || Json.text(answer, "access_token") == null) {
      String error = answer == null ? null : Json.text(answer, "error");
      throw new IdnetAuthenticationException(response.statusCode(), error, "the token endpoint refused the client"
          + " credentials: HTTP " + response.statusCode() + (error == null ? "" : " " + error));
    }
    Duration lifetime = answer.hasNonNull("expires_in") ? Duration.ofSeconds(answer.get("expires_in").asLong())
        : DEFAULT_LIFETIME;
    Duration margin = REFRESH_BEFORE_EXPIRY.compareTo(lifetime.dividedBy(2)) < 0 ? REFRESH_BEFORE_EXPIRY
        : lifetime.dividedBy(2);
    token = Json.text(answer, "access_token");
    refreshAt = asked.plus(lifetime).minus(margin);
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
