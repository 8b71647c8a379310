package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.sandbox.SharedNetwork.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.idnet.keycloak.realm.Realm;
import org.idnet.keycloak.realm.RealmClient;
import org.idnet.stores.LocalRedis;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What only real Keycloak can show, on the network the end-to-end classes share (failsafe runs it
 * on Keycloak): the light issuer issues the same tokens as Keycloak does from the realm file; a
 * disabled client gets no new token, and {@code idnet-admin disable} also has the gateway refuse the
 * tokens it already holds within seconds; another realm's token is refused; and checked requests never
 * call Keycloak, so they go on while it is down. Runs after the walkthroughs, before the restart.
 */
@Order(98)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakIssuerIT {

  /** Claims that differ per token by nature; every other claim must match to the value. */
  private static final Set<String> PER_TOKEN = Set.of("iss", "exp", "iat", "nbf", "jti", "sub");

  @Test
  @Order(1)
  void theLightIssuerIssuesWhatKeycloakIssuesForEveryClientOfTheRealm() throws Exception {
    Realm realm = Realm.development();
    try (SandboxIssuer light = SandboxIssuer.start(LocalRedis.freePort(), realm)) {
      for (RealmClient client : realm.clients()) {
        JsonNode fromKeycloak = claims(SharedNetwork.token(client.id()));
        JsonNode fromLight = claims(token(light.tokenEndpoint(), client.id()));
        assertThat(stable(fromLight)).as(client.id()).isEqualTo(stable(fromKeycloak));
        assertThat(lifetime(fromLight)).as(client.id()).isEqualTo(lifetime(fromKeycloak))
            .isEqualTo(realm.accessTokenLifespan().toSeconds());
        assertThat(UUID.fromString(fromKeycloak.get("sub").asText())).isNotNull();
        assertThat(UUID.fromString(fromLight.get("sub").asText())).isNotNull();
        assertThat(fromKeycloak.get("iss").asText()).isEqualTo(SharedNetwork.get().issuerUrl());
      }
    }
  }

  @Test
  @Order(2)
  void aClientDisabledInKeycloakGetsNoNewTokenButItsIssuedTokensLastUntilTheyExpire() throws Exception {
    String issued = SharedNetwork.token("platform-b");
    String clientUuid = clientUuid("platform-b");
    setEnabled(clientUuid, false);
    try {
      HttpResponse<String> refused = tokenResponse(SharedNetwork.tokenEndpoint(), "platform-b");
      assertThat(refused.statusCode()).isIn(400, 401);
      assertThat(refused.body()).doesNotContain("access_token");
      // Keycloak alone cannot take back a token it issued: it works until it expires (at most 5 min).
      assertThat(SharedNetwork.get("/v1/accounts/kc-b/verification", issued).statusCode()).isEqualTo(200);
    } finally {
      setEnabled(clientUuid, true);
    }
    assertThat(tokenResponse(SharedNetwork.tokenEndpoint(), "platform-b").statusCode()).isEqualTo(200);
  }

  @Test
  @Order(3)
  void idnetAdminDisableRefusesTheClientsIssuedTokensAtTheGatewayWithinSeconds() throws Exception {
    String issued = SharedNetwork.token("platform-b");
    String path = "/v1/accounts/kc-b/verification";
    assertThat(SharedNetwork.get(path, issued).statusCode()).isEqualTo(200);
    long begin = System.nanoTime();
    assertThat(idnetAdmin("disable", "platform-b")).isZero();
    HttpResponse<String> answer = SharedNetwork.get(path, issued);
    for (int i = 0; i < 100 && answer.statusCode() != 401; i++) {
      Thread.sleep(100);
      answer = SharedNetwork.get(path, issued);
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    // The token has minutes left; the deny-list the gateway holds refuses it at once, on every path.
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
    assertThat(answer.body()).contains("client-disabled");
    assertThat(seconds).as("seconds until refused").isLessThan(10);
    assertThat(tokenResponse(SharedNetwork.tokenEndpoint(), "platform-b").statusCode()).isIn(400, 401);

    assertThat(idnetAdmin("enable", "platform-b")).isZero();
    String fresh = SharedNetwork.token("platform-b");
    answer = SharedNetwork.get(path, fresh);
    for (int i = 0; i < 100 && answer.statusCode() != 200; i++) {
      Thread.sleep(100);
      answer = SharedNetwork.get(path, fresh);
    }
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }

  /** {@code bin/idnet-admin}'s jar, pointed at this network's Keycloak and Redis; returns its exit code. */
  private static int idnetAdmin(String... arguments) throws Exception {
    SandboxNetwork network = SharedNetwork.get();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", network.settings().home().resolve("admin/target/idnet-admin-exec.jar").toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("IDNET_KEYCLOAK_URL", network.issuerUrl().replace("/realms/idnet", ""));
    builder.environment().put("IDNET_KEYCLOAK_ADMIN_USER", SandboxSettings.KEYCLOAK_ADMIN);
    builder.environment().put("IDNET_KEYCLOAK_ADMIN_PASSWORD", SandboxSettings.KEYCLOAK_ADMIN_PASSWORD);
    builder.environment().put("IDNET_REDIS_URL", "redis://localhost:" + network.settings().redisPort());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as(output).isTrue();
    System.out.println("idnet-admin " + String.join(" ", arguments) + ": " + output.trim());
    return process.exitValue();
  }

  @Test
  @Order(4)
  void tokensListOnlyApiRolesAndClientsMadeWithoutTheIdnetScopeGetNoTokenIdnetAccepts() throws Exception {
    // Keycloak's default role holds offline_access and uma_authorization (it adds them at import, whatever
    // the realm file says): granted to a service account, they still never reach its token.
    String user = adminGet("/users?exact=true&username=service-account-platform-b").get(0).get("id").asText();
    String offline = adminGet("/roles/offline_access").toString();
    adminSend("POST", "/users/" + user + "/role-mappings/realm", "[" + offline + "]", 204);
    try {
      assertThat(claims(SharedNetwork.token("platform-b")).get("realm_access").get("roles"))
          .extracting(JsonNode::asText).containsExactly("platform");
    } finally {
      adminSend("DELETE", "/users/" + user + "/role-mappings/realm", "[" + offline + "]", 204);
    }
    // A client made in the admin console without the idnet scope: its tokens are not for idnet.
    adminSend("POST", "/clients", "{\"clientId\":\"console-made\",\"secret\":\"console-made-secret\","
        + "\"publicClient\":false,\"serviceAccountsEnabled\":true,\"standardFlowEnabled\":false}", 201);
    try {
      String token = token(SharedNetwork.tokenEndpoint(), "console-made");
      assertThat(claims(token).has("aud")).isFalse();
      assertThat(SharedNetwork.get("/v1/accounts/kc-a/verification", token).statusCode()).isEqualTo(401);
    } finally {
      adminSend("DELETE", "/clients/" + clientUuid("console-made"), null, 204);
    }
  }

  private static JsonNode adminGet(String path) throws Exception {
    HttpResponse<String> answer = SharedNetwork.HTTP.send(HttpRequest.newBuilder(URI.create(adminUrl(path)))
        .header("Authorization", "Bearer " + adminToken()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  private static void adminSend(String method, String path, String body, int expected) throws Exception {
    HttpResponse<String> answer = SharedNetwork.HTTP.send(HttpRequest.newBuilder(URI.create(adminUrl(path)))
        .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(expected);
  }

  @Test
  @Order(5)
  void aTokenOfAnotherRealmIs401() throws Exception {
    String master = adminToken();
    HttpResponse<String> answer = SharedNetwork.get("/v1/accounts/kc-a/verification", master);
    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
  }

  @Test
  @Order(6)
  void checkedRequestsNeverCallKeycloakAndGoOnWhileItIsDown() throws Exception {
    String token = SharedNetwork.token("platform-a");
    String neverUsed = SharedNetwork.token("officer-1");
    assertThat(SharedNetwork.get("/v1/accounts/kc-a/verification", token).statusCode()).isEqualTo(200);
    Path log = SharedNetwork.LOGS.of("keycloak");
    long before = realmRequests(log);
    int checked = 200;
    for (int i = 0; i < checked; i++) {
      assertThat(SharedNetwork.get("/v1/accounts/kc-a/verification", token).statusCode()).isEqualTo(200);
    }
    Thread.sleep(1_000); // the access log is written asynchronously
    assertThat(realmRequests(log)).as("requests to Keycloak during %d checked requests (P6)", checked).isEqualTo(before);

    SharedNetwork.get().stopIssuer();
    for (int i = 0; i < 20; i++) {
      assertThat(SharedNetwork.get("/v1/accounts/kc-a/verification", token).statusCode()).isEqualTo(200);
    }
    // A token issued before and never seen by the gateway: verified with the keys it holds.
    assertThat(SharedNetwork.get("/v1/legal-bases", neverUsed).statusCode()).isEqualTo(200);
    SharedNetwork.restart(); // the restart class that follows needs an issuer again
  }

  private static long realmRequests(Path log) throws Exception {
    try (var lines = Files.lines(log)) {
      return lines.filter(l -> l.contains("\"GET /realms/") || l.contains("\"POST /realms/")).count();
    }
  }

  private static TreeMap<String, JsonNode> stable(JsonNode claims) {
    TreeMap<String, JsonNode> kept = new TreeMap<>();
    for (Iterator<String> names = claims.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!PER_TOKEN.contains(name)) {
        kept.put(name, claims.get(name).isArray() && claims.get(name).size() == 1 ? claims.get(name).get(0) : claims.get(name));
      }
    }
    return kept;
  }

  private static long lifetime(JsonNode claims) {
    return claims.get("exp").asLong() - claims.get("iat").asLong();
  }

  private static JsonNode claims(String jwt) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  private static String token(String endpoint, String client) throws Exception {
    HttpResponse<String> response = tokenResponse(endpoint, client);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("access_token").asText();
  }

  private static HttpResponse<String> tokenResponse(String endpoint, String client) throws Exception {
    return SharedNetwork.HTTP.send(HttpRequest.newBuilder(URI.create(endpoint))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((client + ":" + client + "-secret").getBytes()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The sandbox Keycloak's master-realm admin (development credentials), through Keycloak's admin REST API. */
  private static String adminToken() throws Exception {
    String base = SharedNetwork.get().issuerUrl().replace("/realms/idnet", "");
    String form = "grant_type=password&client_id=admin-cli&username=" + SandboxSettings.KEYCLOAK_ADMIN
        + "&password=" + URLEncoder.encode(SandboxSettings.KEYCLOAK_ADMIN_PASSWORD, StandardCharsets.UTF_8);
    HttpResponse<String> response = SharedNetwork.HTTP.send(HttpRequest.newBuilder(
            URI.create(base + "/realms/master/protocol/openid-connect/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("access_token").asText();
  }

  private static String adminUrl(String path) throws Exception {
    return SharedNetwork.get().issuerUrl().replace("/realms/idnet", "/admin/realms/idnet") + path;
  }

  private static String clientUuid(String clientId) throws Exception {
    HttpResponse<String> found = SharedNetwork.HTTP.send(HttpRequest.newBuilder(URI.create(adminUrl("/clients?clientId=" + clientId)))
        .header("Authorization", "Bearer " + adminToken()).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(found.body()).get(0).get("id").asText();
  }

  private static void setEnabled(String clientUuid, boolean enabled) throws Exception {
    HttpResponse<String> updated = SharedNetwork.HTTP.send(HttpRequest.newBuilder(URI.create(adminUrl("/clients/" + clientUuid)))
        .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\":" + enabled + "}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(204);
  }
}
