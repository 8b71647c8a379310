package org.idnet.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** Which address counts, for each shape of X-Forwarded-For and peer. */
class ClientAddressTest {

  private final ClientAddress behindIngress = new ClientAddress(List.of("10.0.0.0/8", "2001:db8::/32"));

  private static String of(ClientAddress addresses, String peer, String... forwardedFor) {
    MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/")
        .remoteAddress(new InetSocketAddress(peer, 40000));
    for (String value : forwardedFor) {
      request.header("X-Forwarded-For", value);
    }
    return addresses.of(request.build()).getHostAddress();
  }

  @Test
  void withoutTrustedProxiesTheSocketsPeerCountsWhateverTheHeaderSays() {
    assertThat(of(new ClientAddress(List.of()), "192.0.2.1", "198.51.100.9")).isEqualTo("192.0.2.1");
  }

  @Test
  void anUntrustedPeersHeaderIsIgnored() {
    assertThat(of(behindIngress, "192.0.2.1", "198.51.100.9")).isEqualTo("192.0.2.1");
  }

  @Test
  void fromATrustedPeerTheRightMostUntrustedAddressCounts() {
    assertThat(of(behindIngress, "10.0.0.5", "203.0.113.50, 198.51.100.9, 10.2.0.1")).isEqualTo("198.51.100.9");
    assertThat(of(behindIngress, "10.0.0.5", "203.0.113.50", "198.51.100.9")).as("two headers").isEqualTo("198.51.100.9");
    assertThat(of(behindIngress, "10.0.0.5", "2001:db8::7, [2001:db9::1]")).isEqualTo("2001:db9:0:0:0:0:0:1");
  }

  @Test
  void aTrustedPeerWithoutHeaderOrWithGarbageCountsAsTheLastTrustedHop() {
    assertThat(of(behindIngress, "10.0.0.5")).isEqualTo("10.0.0.5");
    assertThat(of(behindIngress, "10.0.0.5", "evil.example, 10.3.0.1")).isEqualTo("10.3.0.1");
    assertThat(of(behindIngress, "10.0.0.5", "localhost")).as("never resolved").isEqualTo("10.0.0.5");
  }

  @Test
  void aBadRangeIsRefusedAtStart() {
    assertThatThrownBy(() -> new ClientAddress(List.of("ingress-nginx")))
        .hasMessageContaining("idnet.gateway.trusted-proxies: ingress-nginx");
    assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/40")))
        .hasMessageContaining("idnet.gateway.trusted-proxies");
  }
}
