package org.idnet.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Client-credentials tokens from Keycloak's token endpoint, as a platform gets them. */
final class Tokens {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String endpoint;

  Tokens(String endpoint) {
    this.endpoint = endpoint;
  }

  HttpResponse<String> request(String clientId, String secret) {
    String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(endpoint)).header("Authorization", "Basic " + basic)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The token response's JSON; fails unless Keycloak issued a token. */
  JsonNode issue(String clientId, String secret) {
    HttpResponse<String> response = request(clientId, secret);
    if (response.statusCode() != 200) {
      throw new AssertionError("no token for " + clientId + ": " + response.statusCode() + " " + response.body());
    }
    return read(response.body());
  }

  /** The claims of a fresh access token of the client. */
  JsonNode claims(String clientId, String secret) {
    String jwt = issue(clientId, secret).get("access_token").asText();
    return read(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  /** A claim that may be one string or an array of them, as a list. */
  static List<String> strings(JsonNode claim) {
    List<String> values = new ArrayList<>();
    if (claim.isArray()) {
      claim.forEach(v -> values.add(v.asText()));
    } else if (!claim.isMissingNode() && !claim.isNull()) {
      values.add(claim.asText());
    }
    return values;
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
