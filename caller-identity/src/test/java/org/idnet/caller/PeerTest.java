package org.idnet.caller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.idnet.tls.dev.DevelopmentCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which certificates name an idnet peer: exactly one URI SAN, and that exactly
 * {@code spiffe://idnet/<service>} for one of idnet's services, spelled as the CA spells it. A
 * name that merely looks alike (case, port, user info, another trust domain, a longer path, a
 * query, percent-encoding) names no peer, so no process is taken for another by a lax parse.
 */
class PeerTest {

  private static final DevelopmentCa CA = DevelopmentCa.create("peer test CA", Duration.ofHours(1));

  private static java.util.Optional<Peer> peerOf(String... uris) {
    return Peer.of(CA.issueForUris(Duration.ofHours(1), uris).certificate());
  }

  @ParameterizedTest
  @ValueSource(strings = {"gateway", "phone-otp-service", "identity-service", "disclosure-service"})
  void eachServiceIsNamedByItsOwnSpiffeId(String service) {
    assertThat(peerOf("spiffe://idnet/" + service)).contains(new Peer(service));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SPIFFE://IDNET/gateway",
      "spiffe://IDNET/gateway",
      "SPIFFE://idnet/gateway",
      "spiffe://idnet/Gateway",
      "spiffe://idnet/GATEWAY",
      "spiffe://idnet/gateway/x",
      "spiffe://idnet/gateway/",
      "spiffe://idnet/gateway?q",
      "spiffe://idnet/gateway#f",
      "spiffe://idnet/%77ateway",
      "spiffe://idnet.evil/gateway",
      "spiffe://idnet:443/gateway",
      "spiffe://a@idnet/gateway",
      "spiffe://idnet//gateway",
      "spiffe://idnet/",
      "spiffe://idnet/intruder",
      "spiffe://elsewhere/gateway",
      "https://idnet/gateway",
      "urn:spiffe:idnet:gateway"})
  void aNameThatOnlyLooksLikeAnIdnetServiceNamesNoPeer(String uri) {
    assertThat(peerOf(uri)).as(uri).isEmpty();
  }

  @Test
  void twoUriNamesNameNoPeerWhicheverComesFirst() {
    assertThat(peerOf("spiffe://idnet/gateway", "https://gateway.idnet.example")).isEmpty();
    assertThat(peerOf("https://gateway.idnet.example", "spiffe://idnet/gateway")).isEmpty();
    assertThat(peerOf("spiffe://idnet/gateway", "spiffe://idnet/identity-service")).isEmpty();
    assertThat(peerOf("spiffe://idnet/gateway", "spiffe://idnet/gateway")).isEmpty();
  }

  @Test
  void aCertificateWithoutUriNameNamesNoPeer() {
    assertThat(peerOf()).isEmpty();
  }
}
