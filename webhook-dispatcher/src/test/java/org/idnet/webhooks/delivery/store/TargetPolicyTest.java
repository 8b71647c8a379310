package org.idnet.webhooks.delivery.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Server-side request forgery: what the production policy refuses, and what it lets through. */
class TargetPolicyTest {

  private final Map<String, String> dns = Map.of(
      "hooks.example.com", "93.184.215.14",
      "metadata.example.com", "169.254.169.254",
      "intranet.example.com", "10.1.2.3",
      "mixed.example.com", "93.184.215.14,192.168.1.1",
      "v6.example.com", "2606:4700::6810:85e5",
      "mapped.example.com", "::ffff:127.0.0.1");
  private final TargetPolicy production = new TargetPolicy(false, host -> {
    String addresses = dns.get(host);
    if (addresses == null) {
      throw new UnknownHostException(host);
    }
    List<InetAddress> resolved = new java.util.ArrayList<>();
    for (String address : addresses.split(",")) {
      resolved.add(InetAddress.getByName(address));
    }
    return resolved;
  });

  @Test
  void aPublicHttpsHostIsAcceptedAndItsAddressIsTheOneToConnectTo() throws Exception {
    WebhookTarget target = production.resolve(production.parse("https://hooks.example.com:443/in?x=1"));

    assertThat(target.address().getHostAddress()).isEqualTo("93.184.215.14");
    assertThat(target.url()).isEqualTo(URI.create("https://hooks.example.com:443/in?x=1"));
    assertThat(production.resolve(production.parse("https://v6.example.com/")).address().getHostAddress())
        .isEqualTo("2606:4700:0:0:0:0:6810:85e5");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://hooks.example.com/in", "ftp://hooks.example.com/", "https://user:pw@hooks.example.com/",
      "https://hooks.example.com/#x", "https://127.0.0.1/", "https://[::1]/", "https://2130706433/",
      "https://0x7f.0.0.1/", "https://localhost/", "https://a.localhost/", "hooks.example.com/in", "https:///in",
      "not a url", "https://hooks.example.com:8443/in", "https://hooks.example.com:0/", "https://intranet/",
      "https://db.default.svc/", "https://api.default.svc.cluster.local/", "https://printer.local/",
      "https://metadata.google.internal/", "https://hooks.example.com:99999/"})
  void urlsOfTheWrongShapeAreRefusedBeforeAnyLookUp(String url) {
    assertThatThrownBy(() -> production.parse(url)).isInstanceOf(RefusedTargetException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"metadata.example.com", "intranet.example.com", "mixed.example.com", "mapped.example.com",
      "unknown.example.com"})
  void hostsThatResolveToANonPublicAddressOrNotAtAllAreRefused(String host) throws Exception {
    URI url = production.parse("https://" + host + "/in");

    assertThatThrownBy(() -> production.resolve(url)).isInstanceOf(RefusedTargetException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.1.2.3", "10.0.0.1", "100.64.0.1", "100.127.255.254", "127.0.0.1", "169.254.169.254",
      "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.168.0.1", "198.18.0.1", "198.19.255.255",
      "198.51.100.1", "203.0.113.9", "224.0.0.1", "240.0.0.1", "255.255.255.255", "::", "::1", "fc00::1", "fd12::1",
      "fe80::1", "fec0::1", "ff02::1", "2001:db8::1", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "2002:0a00:0001::1",
      "::127.0.0.1", "64:ff9b:1::a00:1", "100::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:2::1",
      "::ffff:0:a00:1"})
  void nonPublicAddressesAreRefused(String address) throws Exception {
    assertThat(TargetPolicy.isPublic(InetAddress.getByName(address))).as(address).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "100.63.255.255", "100.128.0.1", "172.15.255.255", "172.32.0.1",
      "192.169.0.1", "198.17.255.255", "198.20.0.1", "203.0.114.1", "223.255.255.254", "2606:4700::1",
      "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:0808:0808::1"})
  void publicAddressesAreAllowed(String address) throws Exception {
    assertThat(TargetPolicy.isPublic(InetAddress.getByName(address))).as(address).isTrue();
  }

  @Test
  void everyRefusalOfANameSaysTheSameSoNoInternalNameCanBeMapped() throws Exception {
    List<String> messages = new java.util.ArrayList<>();
    for (String host : List.of("metadata.example.com", "intranet.example.com", "unknown.example.com")) {
      try {
        production.resolve(production.parse("https://" + host + "/in"));
      } catch (RefusedTargetException e) {
        messages.add(e.getMessage());
      }
    }

    assertThat(messages).hasSize(3).containsOnly(TargetPolicy.NOT_PUBLIC);
  }

  @Test
  void aLookUpThatHangsIsCutAtTheTimeout() throws Exception {
    TargetPolicy slow = new TargetPolicy(false, host -> {
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return List.of(InetAddress.getByName("93.184.215.14"));
    }, java.time.Duration.ofMillis(300));
    long start = System.nanoTime();

    assertThatThrownBy(() -> slow.resolve(slow.parse("https://slow.example.com/in")))
        .isInstanceOf(RefusedTargetException.class).hasMessage(TargetPolicy.NOT_PUBLIC);
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(5));
  }

  @Test
  void theSandboxAllowsPlainHttpToThisMachine() throws Exception {
    TargetPolicy sandbox = new TargetPolicy(true, host -> List.of(InetAddress.getLoopbackAddress()));

    WebhookTarget target = sandbox.resolve(sandbox.parse("http://127.0.0.1:8089/hooks"));

    assertThat(target.address().isLoopbackAddress()).isTrue();
    assertThatThrownBy(() -> sandbox.parse("ftp://127.0.0.1/")).isInstanceOf(RefusedTargetException.class);
  }
}
