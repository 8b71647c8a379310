package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's webhooks walkthrough, its very lines run with bash against the shared network (on
 * the light issuer in surefire, on Keycloak in failsafe): an endpoint registered at the sandbox's
 * receiver, a phone bound, the number reassigned by a carrier, and the inbox showing what the real
 * dispatcher delivered over HTTP.
 */
class WebhooksEndToEndTest {

  private static final String MARKER = "<!-- webhooks-walkthrough:";

  @Test
  void theReadmeWalkthroughDeliversTheRecycledNumberAsEvents() throws Exception {
    SandboxNetwork network = SharedNetwork.get();
    String script = readmeBlock()
        .replace("http://localhost:8080", network.gatewayUrl())
        .replace("http://127.0.0.1:8089", network.webhookReceiverUrl());
    Process bash = new ProcessBuilder("bash", "-c", "set -euo pipefail\nTOKEN_URL='" + SharedNetwork.tokenEndpoint()
        + "'\n" + script)
        .redirectError(ProcessBuilder.Redirect.appendTo(SharedNetwork.LOGS.of("walkthrough-shell").toFile())).start();
    String output = new String(bash.getInputStream().readAllBytes());
    assertThat(bash.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(output).isZero();

    List<String> lines = output.lines().toList();
    JsonNode endpoint = SharedNetwork.JSON.readTree(lines.get(0));
    assertThat(endpoint.get("id").asText()).startsWith("we_");
    assertThat(endpoint.get("secret").asText()).startsWith("whsec_");
    assertThat(lines.get(1)).isEqualTo("202");
    JsonNode inbox = SharedNetwork.JSON.readTree(lines.get(2));
    List<JsonNode> carols = new ArrayList<>();
    inbox.forEach(delivery -> {
      if (delivery.get("body").asText().contains("\"accountId\":\"carol\"")) {
        carols.add(delivery);
      }
    });
    assertThat(carols).singleElement().satisfies(delivery -> {
      assertThat(delivery.get("eventType").asText()).isEqualTo("binding.revoked");
      assertThat(delivery.get("status").asInt()).isEqualTo(204);
      assertThat(delivery.get("endpointUrl").asText()).isEqualTo(network.webhookReceiverUrl() + "/platform-a");
      JsonNode event = SharedNetwork.JSON.readTree(delivery.get("body").asText());
      assertThat(event.at("/bindingRevoked/reason").asText()).isEqualTo("number-reassigned");
      assertThat(event.get("id").asText()).isEqualTo(delivery.get("eventId").asText());
    });
    // All of carol's events, in the order they happened.
    JsonNode all = SharedNetwork.JSON.readTree(SharedNetwork.HTTP.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(network.gatewayUrl() + "/sandbox/webhooks")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
    List<String> carolsTypes = new ArrayList<>();
    all.forEach(delivery -> {
      if (delivery.get("body").asText().contains("\"accountId\":\"carol\"")) {
        carolsTypes.add(0, delivery.get("eventType").asText());
      }
    });
    assertThat(carolsTypes).containsExactly("account.verification_changed", "binding.revoked",
        "account.verification_changed");
  }

  /** The shell block after the marker in README.md. */
  static String readmeBlock() throws Exception {
    String readme = Files.readString(Path.of(System.getProperty("idnet.home", "..")).resolve("README.md"));
    int marker = readme.indexOf(MARKER);
    assertThat(marker).as("README.md has the webhooks walkthrough").isPositive();
    int start = readme.indexOf("```\n", marker) + 4;
    return readme.substring(start, readme.indexOf("```", start));
  }
}
