package org.idnet.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/**
 * The web counts its per-address POST limit behind the edge with the gateway's rule, CIDRs
 * included: the Kubernetes manifests give both the same list of ingress ranges, and an exact-match
 * rule would count every browser as the ingress (one shared, fail-closed budget for everyone).
 */
class ClientAddressTest {

  private static String of(ClientAddress addresses, String peer, String... forwardedFor) {
    MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.post("/verify/phone")
        .remoteAddress(new InetSocketAddress(peer, 40000));
    for (String value : forwardedFor) {
      request.header("X-Forwarded-For", value);
    }
    return addresses.of(request.build());
  }

  @Test
  void behindAnIngressRangeTheBrowsersAddressCounts() {
    ClientAddress edge = new ClientAddress(List.of("10.0.0.0/8"));
    assertThat(of(edge, "10.4.2.9", "198.51.100.7")).isEqualTo("198.51.100.7");
    assertThat(of(edge, "10.4.2.9", "203.0.113.1, 198.51.100.7, 10.9.9.9")).isEqualTo("198.51.100.7");
  }

  @Test
  void aHeaderFromAnyoneElseIsIgnoredAndNamesAreNeverBelieved() {
    ClientAddress edge = new ClientAddress(List.of("10.0.0.0/8"));
    assertThat(of(edge, "192.0.2.1", "198.51.100.7")).isEqualTo("192.0.2.1");
    assertThat(of(edge, "10.4.2.9", "evil.example")).isEqualTo("10.4.2.9");
  }

  @Test
  void aBadEntryStopsTheStartNamingTheSetting() {
    assertThatThrownBy(() -> new ClientAddress(List.of("edge-pods")))
        .hasMessageContaining("idnet.web.trusted-proxies").hasMessageContaining("edge-pods");
  }
}
