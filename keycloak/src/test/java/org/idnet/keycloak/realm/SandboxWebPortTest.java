package org.idnet.keycloak.realm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * A sandbox whose web listens on another port than 8070 (the end-to-end tests' free ports) imports
 * the development realm with the console's redirect URIs on that port, and nothing else changed.
 */
class SandboxWebPortTest {

  @Test
  void theConsolesRedirectsMoveToTheWebsPortAndNothingElseChanges() {
    JsonNode realm = DevelopmentRealm.fromClasspath();
    ObjectNode moved = DevelopmentRealm.withSandboxWebPort(realm, 41234);

    JsonNode console = client(moved, "idnet-console");
    assertThat(console.path("redirectUris")).extracting(JsonNode::asText)
        .containsExactly("http://localhost:41234/login/oauth2/code/idnet-console");
    assertThat(console.path("attributes").path("post.logout.redirect.uris").asText())
        .isEqualTo("http://localhost:41234/console/signed-out");
    assertThat(moved.toString()).doesNotContain("localhost:8070");

    // Put the two fields back as they were: the rest of the realm is untouched.
    ObjectNode restored = moved.deepCopy();
    ObjectNode restoredConsole = (ObjectNode) client(restored, "idnet-console");
    restoredConsole.set("redirectUris", client(realm, "idnet-console").path("redirectUris").deepCopy());
    ((ObjectNode) restoredConsole.get("attributes")).put("post.logout.redirect.uris",
        client(realm, "idnet-console").path("attributes").path("post.logout.redirect.uris").asText());
    assertThat(restored).isEqualTo(realm);
    assertThat(realm.toString()).as("the input is not modified").contains("http://localhost:8070/login/oauth2/code/idnet-console");
  }

  @Test
  void theDefaultPortKeepsTheRealmAsItIsAndOnlyTheSandboxOriginMoves() {
    JsonNode realm = DevelopmentRealm.fromClasspath();
    assertThat(DevelopmentRealm.withSandboxWebPort(realm, 8070)).isEqualTo(realm);

    ObjectNode other = realm.deepCopy();
    ObjectNode console = (ObjectNode) client(other, "idnet-console");
    console.putArray("redirectUris").add("http://localhost:8070/a").add("http://localhost:80700/b")
        .add("https://console.idnet.example/login").add("http://localhost:8070");
    ((ObjectNode) console.get("attributes")).put("post.logout.redirect.uris",
        "http://localhost:8070/out##https://console.idnet.example/out");
    JsonNode moved = client(DevelopmentRealm.withSandboxWebPort(other, 9000), "idnet-console");
    assertThat(moved.path("redirectUris")).extracting(JsonNode::asText).containsExactly("http://localhost:9000/a",
        "http://localhost:80700/b", "https://console.idnet.example/login", "http://localhost:8070");
    assertThat(moved.path("attributes").path("post.logout.redirect.uris").asText())
        .isEqualTo("http://localhost:9000/out##https://console.idnet.example/out");

    assertThatThrownBy(() -> DevelopmentRealm.withSandboxWebPort(realm, 0)).hasMessageContaining("port");
    assertThatThrownBy(() -> DevelopmentRealm.withSandboxWebPort(realm, 70000)).hasMessageContaining("port");
  }

  private static JsonNode client(JsonNode realm, String clientId) {
    for (JsonNode client : realm.path("clients")) {
      if (client.path("clientId").asText().equals(clientId)) {
        return client;
      }
    }
    throw new AssertionError("no client " + clientId);
  }
}
