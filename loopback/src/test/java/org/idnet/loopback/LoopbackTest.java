package org.idnet.loopback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopbackTest {

  @Test
  void onlyThisMachinesOwnNamesAndAddressesAreLoopback() {
    for (String local : new String[] {"localhost", "LocalHost", "127.0.0.1", "127.255.255.254", "127.1.2.3", "[::1]", "::1",
        "[0:0:0:0:0:0:0:1]"}) {
      assertThat(Loopback.isLoopback(local)).as(local).isTrue();
    }
    for (String remote : new String[] {"sso.example", "localhost.example", "127.0.0.1.nip.io", "128.0.0.1", "10.0.0.1",
        "0.0.0.0", "127.0.0.256", "127.1", "[::2]", "[fe80::1]", "[::]", "[not-ipv6]", "", "[", "[]"}) {
      assertThat(Loopback.isLoopback(remote)).as(remote).isFalse();
    }
    assertThat(Loopback.isLoopback(null)).isFalse();
  }
}
