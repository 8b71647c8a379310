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
    assertThat(SharedNetwork.JSON.readTree(lines.get(2)).isArray()).as("the inbox, as JSON").isTrue();
    // The walkthrough waits 2 s; on a loaded machine the test waits longer before it looks again.
    List<JsonNode> carols = carolsDeliveries(network, 3);
    assertThat(carols).extracting(d -> d.get("eventType").asText()).as("in the order they happened")
        .containsExactly("account.verification_changed", "binding.revoked", "account.verification_changed");
    assertThat(carols).allSatisfy(delivery -> {
      assertThat(delivery.get("status").asInt()).isEqualTo(204);
      assertThat(delivery.get("endpointUrl").asText()).isEqualTo(network.webhookReceiverUrl() + "/platform-a");
      JsonNode event = SharedNetwork.JSON.readTree(delivery.get("body").asText());
      assertThat(event.get("id").asText()).isEqualTo(delivery.get("eventId").asText());
    });
    JsonNode revoked = SharedNetwork.JSON.readTree(carols.get(1).get("body").asText());
    assertThat(revoked.at("/bindingRevoked/reason").asText()).isEqualTo("number-reassigned");
    JsonNode after = SharedNetwork.JSON.readTree(carols.get(2).get("body").asText());
    assertThat(after.at("/verificationChanged/status").asText()).isEqualTo("REVOKED");
    assertThat(after.at("/verificationChanged/level").asText()).isEqualTo("NONE");
  }

  /** carol's deliveries in the inbox, oldest first, once there are {@code count} (within 30 s). */
  private static List<JsonNode> carolsDeliveries(SandboxNetwork network, int count) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      JsonNode all = SharedNetwork.JSON.readTree(SharedNetwork.HTTP.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(network.gatewayUrl() + "/sandbox/webhooks")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body());
      List<JsonNode> carols = new ArrayList<>();
      all.forEach(delivery -> {
        if (delivery.get("body").asText().contains("\"accountId\":\"carol\"")) {
          carols.add(0, delivery);
        }
      });
      if (carols.size() >= count || System.nanoTime() > until) {
        return carols;
      }
      Thread.sleep(200);
    }
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
