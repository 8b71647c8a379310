package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.idnet.stores.LocalRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The light issuer issues the development realm's clients, with their secrets, roles and agency. */
class SandboxIssuerTest {

  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();
  static SandboxIssuer issuer;

  @BeforeAll
  static void start() {
    issuer = SandboxIssuer.start(LocalRedis.freePort());
  }

  @AfterAll
  static void stop() {
    issuer.close();
  }

  @Test
  void discoveryNamesTheIssuerAndItsTokenEndpoint() throws Exception {
    var response = HTTP.send(HttpRequest.newBuilder(URI.create(issuer.issuer() + "/.well-known/openid-configuration")).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode discovery = JSON.readTree(response.body());
    assertThat(discovery.get("issuer").asText()).isEqualTo(issuer.issuer());
    assertThat(discovery.get("token_endpoint").asText()).isEqualTo(issuer.tokenEndpoint());
  }

  @Test
  void anAgencyClientGetsKeycloakShapedClaims() throws Exception {
    HttpResponse<String> response = token("officer-3", "officer-3-secret");
    assertThat(response.statusCode()).isEqualTo(200);
    String jwt = JSON.readTree(response.body()).get("access_token").asText();
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    assertThat(claims.get("azp").asText()).isEqualTo("officer-3");
    assertThat(claims.get("agency_id").asText()).isEqualTo("agency-2");
    assertThat(claims.get("realm_access").get("roles").get(0).asText()).isEqualTo("agency-officer");
    assertThat(claims.get("iss").asText()).isEqualTo(issuer.issuer());
    assertThat(claims.get("aud").toString()).contains("idnet");
    // Who the official is: the service account's name, as Keycloak puts it; sub is an opaque UUID.
    assertThat(claims.get("preferred_username").asText()).isEqualTo("service-account-officer-3");
    assertThat(java.util.UUID.fromString(claims.get("sub").asText())).isNotNull();
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(300);
    JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
    assertThat(header.get("alg").asText()).isEqualTo("RS256");
  }

  @Test
  void wrongSecretsAndUnknownClientsGetNoToken() throws Exception {
    for (HttpResponse<String> refused : new HttpResponse[] {token("platform-a", "platform-b-secret"), token("nobody", "nobody-secret")}) {
      assertThat(refused.statusCode()).isIn(400, 401);
      assertThat(refused.body()).doesNotContain("access_token").contains("invalid_client");
    }
  }

  private static HttpResponse<String> token(String client, String secret) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(issuer.tokenEndpoint()))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((client + ":" + secret).getBytes()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
  }
}
