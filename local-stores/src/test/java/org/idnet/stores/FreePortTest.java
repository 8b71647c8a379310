package org.idnet.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Free ports for the networks the tests start: distinct, bindable, outside the ephemeral range. */
class FreePortTest {

  @Test
  void portsAreNeverHandedOutTwiceAndLieBelowTheEphemeralRange() throws Exception {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      int port = LocalRedis.freePort();
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
      assertThat(port).isBetween(20_000, 31_999);
    }
    int port = LocalRedis.freePort();
    try (ServerSocket server = new ServerSocket(port)) {
      assertThat(server.getLocalPort()).isEqualTo(port);
    }
  }
}
