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
    String after = SharedNetwork.get("/v1/accounts/e2e-alice/verification", SharedNetwork.token("platform-a")).body();
    assertThat(SharedNetwork.JSON.readTree(after).get("level").asText()).isEqualTo("PHONE");
    assertThat(after).isEqualTo(before);
  }
}
