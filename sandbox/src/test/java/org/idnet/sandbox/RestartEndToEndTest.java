package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Last of the end-to-end classes: the sandbox's data folder survives a restart of the network. */
@Order(99)
class RestartEndToEndTest {

  @Test
  void dataSurvivesARestartOfTheNetwork() throws Exception {
    String token = SharedNetwork.token("platform-a");
    String before = SharedNetwork.get("/v1/accounts/e2e-alice/verification", token).body();
    SharedNetwork.restart();
    String fresh = SharedNetwork.token("platform-a");
    var answer = SharedNetwork.get("/v1/accounts/e2e-alice/verification", fresh);
    // Readiness of each process does not promise that the gateway's channels are connected yet:
    // give the network a few seconds to answer at all (once seen failing right after a restart).
    for (int i = 0; i < 20 && answer.statusCode() != 200; i++) {
      Thread.sleep(500);
      answer = SharedNetwork.get("/v1/accounts/e2e-alice/verification", fresh);
    }
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    String after = answer.body();
    assertThat(SharedNetwork.JSON.readTree(after).get("level").asText()).isEqualTo("PHONE");
    assertThat(after).isEqualTo(before);
  }
}
