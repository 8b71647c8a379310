package org.idnet.benchmarks.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Access tokens from the sandbox issuer by the client-credentials grant, as a platform gets them.
 * Sandbox tokens live five minutes: the benchmark takes a fresh one before each measurement.
 */
public final class Tokens {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String tokenEndpoint;

  public Tokens(String tokenEndpoint) {
    this.tokenEndpoint = tokenEndpoint;
  }

  public String token(String client) throws IOException, InterruptedException {
    String basic = Base64.getEncoder().encodeToString((client + ":" + client + "-secret").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
        .header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("no token for " + client + ": HTTP " + response.statusCode());
    }
    return JSON.readTree(response.body()).get("access_token").asText();
  }
}
