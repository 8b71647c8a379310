package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.idnet.stores.LocalRedis;

/**
 * One real network for all end-to-end classes of this JVM, started as the sandbox starts it
 * (temporary data folder, free ports) and stopped when the JVM ends; plus the HTTP calls a
 * platform makes. Surefire runs the end-to-end classes on the light issuer; failsafe runs them
 * again on real Keycloak ({@code -Didnet.e2e.issuer=keycloak}), with tokens Keycloak issued.
 */
final class SharedNetwork {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  /** A request the network does not answer in this time fails the test instead of hanging the build. */
  static final java.time.Duration ANSWER_WITHIN = java.time.Duration.ofSeconds(30);
  /** Packages expire in seconds, not days, so the end-to-end test can see the 410 that follows. */
  static final Duration PACKAGE_LIFETIME = Duration.ofSeconds(20);

  private static final Map<String, List<String>> ARGUMENTS = Map.of(
      "disclosure-service", List.of("--idnet.disclosure.package-lifetime=" + PACKAGE_LIFETIME.toSeconds() + "s"));

  /**
   * Every process's output, in target/process-logs/SharedNetwork-<process>.log (appended: the
   * surefire and failsafe runs and every restart add to the same files), where the build's log
   * scan reads it.
   */
  static final ProcessLogs LOGS = ProcessLogs.ofTest(SharedNetwork.class);

  private static SandboxNetwork network;
  private static Path data;

  private SharedNetwork() {
  }

  static synchronized SandboxNetwork get() throws Exception {
    if (network == null) {
      data = Files.createTempDirectory("idnet-e2e");
      Path home = Path.of(System.getProperty("idnet.home", "..")).toAbsolutePath().normalize();
      SandboxSettings settings = SandboxSettings.onFreePorts(home, data, issuerKind());
      network = SandboxNetwork.start(settings, ARGUMENTS, LOGS);
      Runtime.getRuntime().addShutdownHook(new Thread(SharedNetwork::stop, "stop-e2e-network"));
    }
    return network;
  }

  static SandboxSettings.IssuerKind issuerKind() {
    return SandboxSettings.IssuerKind.valueOf(System.getProperty("idnet.e2e.issuer", "light").toUpperCase(java.util.Locale.ROOT));
  }

  static synchronized void restart() throws Exception {
    SandboxSettings settings = get().settings();
    network.close();
    network = SandboxNetwork.start(settings, ARGUMENTS, LOGS);
  }

  static synchronized void stop() {
    if (network != null) {
      network.close();
      network = null;
    }
  }

  static Path data() {
    return data;
  }

  /**
   * The token endpoint as the README and the sandbox's printed walkthrough find it: their very shell
   * line, run with bash against the issuer's discovery document.
   */
  static synchronized String tokenEndpoint() throws Exception {
    Process shell = new ProcessBuilder("bash", "-c", Walkthrough.tokenUrlCommand(get().issuerUrl()))
        .redirectError(ProcessBuilder.Redirect.appendTo(LOGS.of("walkthrough-shell").toFile())).start();
    String url = new String(shell.getInputStream().readAllBytes()).trim();
    assertThat(shell.waitFor()).isZero();
    assertThat(url).as("TOKEN_URL found by the walkthrough's line").startsWith(get().issuerUrl() + "/");
    return url;
  }

  static String token(String client) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(tokenEndpoint()))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((client + ":" + client + "-secret").getBytes()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("access_token").asText();
  }

  static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(get().gatewayUrl() + path)).timeout(ANSWER_WITHIN);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(get().gatewayUrl() + path)).timeout(ANSWER_WITHIN)
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A request with extra headers, e.g. {@code Idempotency-Key}. */
  static HttpResponse<String> send(String method, String path, String token, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(get().gatewayUrl() + path)).timeout(ANSWER_WITHIN)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String path, String token, String body) throws Exception {
    return send("POST", path, token, body);
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }
}
