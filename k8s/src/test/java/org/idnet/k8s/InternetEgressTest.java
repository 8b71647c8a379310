package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * webhook-dispatcher is the only pod of idnet that reaches the Internet, and only public addresses on
 * TCP 443: the rendered NetworkPolicies are evaluated, as Kubernetes does for a destination address,
 * for addresses of each kind. A platform's endpoint URL that resolves to a private, loopback,
 * link-local (cloud metadata), CGNAT or cluster address (DNS rebinding, a redirect) finds no route
 * even if the code's own refusal (idnet.webhooks.delivery.allow-private-targets=false) failed.
 */
class InternetEgressTest {

  static final List<String> OVERLAYS = Kustomize.OVERLAYS;

  /** Public addresses, in no range an overlay gives another endpoint (not the RFC 5737 examples). */
  static final List<String> PUBLIC = List.of("93.184.215.14", "8.8.8.8", "1.1.1.1", "140.82.112.3",
      "2606:4700:4700::1111", "2a00:1450:4001:80b::200e");
  /** Addresses the dispatcher must never reach; the cluster's own ranges are added from the policy. */
  static final List<String> NEVER = List.of("10.0.0.1", "10.12.34.56", "169.254.169.254", "169.254.0.1",
      "127.0.0.1", "127.1.2.3", "100.64.0.1", "100.127.255.254", "172.16.0.1", "172.31.255.254", "192.168.1.1",
      "0.0.0.0", "224.0.0.1", "255.255.255.255",
      "::1", "::", "fd00::1", "fc00::1", "fe80::1", "fe80::a9fe:a9fe", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
      "::ffff:127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b::a00:1", "ff02::1");

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void theDispatcherReachesPublicAddressesOnPort443Only(String overlay) {
    Egress egress = new Egress(Manifests.overlay(overlay));
    Map<String, String> dispatcher = egress.flows.podLabels(Targets.WEBHOOK_DISPATCHER);

    for (String address : PUBLIC) {
      assertThat(egress.allowed(dispatcher, address, 443)).as(overlay + ": " + address + ":443").isTrue();
      for (int port : List.of(80, 8443, 22, 25, 5432)) {
        assertThat(egress.allowed(dispatcher, address, port)).as(overlay + ": " + address + ":" + port).isFalse();
      }
    }
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void theDispatcherReachesNoPrivateLoopbackLinkLocalCgnatOrClusterAddress(String overlay) {
    Egress egress = new Egress(Manifests.overlay(overlay));
    Map<String, String> dispatcher = egress.flows.podLabels(Targets.WEBHOOK_DISPATCHER);
    List<String> cluster = egress.clusterAddresses();

    assertThat(cluster).hasSizeGreaterThanOrEqualTo(4); // pod and service ranges, first and last address each
    for (String address : concat(NEVER, cluster)) {
      assertThat(egress.allowed(dispatcher, address, 443)).as(overlay + ": " + address + ":443").isFalse();
    }
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void noOtherPodReachesTheInternet(String overlay) {
    Egress egress = new Egress(Manifests.overlay(overlay));
    Set<Map<String, String>> pods = egress.pods();

    assertThat(pods).hasSizeGreaterThanOrEqualTo(Manifests.DEPLOYABLES.size() + 5); // + 3 PostgreSQL, Redis x2, Keycloak
    for (Map<String, String> pod : pods) {
      if (pod.equals(egress.flows.podLabels(Targets.WEBHOOK_DISPATCHER))) {
        continue;
      }
      for (String address : PUBLIC) {
        for (int port : List.of(443, 80, 8443)) {
          assertThat(egress.allowed(pod, address, port)).as(overlay + ": " + pod + " -> " + address + ":" + port).isFalse();
        }
      }
    }
  }

  @Test
  void aMissingExceptIsNoticedByTheAddressAndByTheRule() {
    Manifests broken = Manifests.overlay("production").copy();
    ArrayNode except = (ArrayNode) broken.get("NetworkPolicy", "egress-internet").at("/spec/egress/0/to/0/ipBlock/except");
    for (int i = except.size() - 1; i >= 0; i--) {
      if (except.get(i).asText().equals("169.254.0.0/16")) {
        except.remove(i);
      }
    }
    Egress egress = new Egress(broken);

    assertThat(egress.allowed(egress.flows.podLabels(Targets.WEBHOOK_DISPATCHER), "169.254.169.254", 443)).isTrue();
    assertThat(Policies.all(broken)).contains(
        "internet: NetworkPolicy egress-internet ipBlock 0.0.0.0/0 does not except 169.254.0.0/16");
  }

  @Test
  void aClusterRangeOutsideTheExceptsIsNoticed() {
    Manifests broken = Manifests.overlay("production").copy();
    ((ObjectNode) broken.get("NetworkPolicy", "egress-internet").at("/metadata/annotations"))
        .put(Policies.CLUSTER_CIDRS, "10.244.0.0/16 10.96.0.0/12 34.118.224.0/20 2001:4860:1::/64");

    assertThat(Policies.all(broken)).contains(
        "internet: NetworkPolicy egress-internet ipBlock 0.0.0.0/0 does not except 34.118.224.0/20",
        "internet: NetworkPolicy egress-internet ipBlock ::/0 does not except 2001:4860:1::/64");
    Egress egress = new Egress(broken);
    assertThat(egress.allowed(egress.flows.podLabels(Targets.WEBHOOK_DISPATCHER), "34.118.224.7", 443)).isTrue();
  }

  @Test
  void anotherPodOnThePolicyOrAnotherPortIsNoticed() {
    Manifests widened = Manifests.overlay("production").copy();
    ObjectNode selector = (ObjectNode) widened.get("NetworkPolicy", "egress-internet").at("/spec/podSelector");
    selector.removeAll();
    selector.putArray("matchExpressions").addObject().put("key", "app.kubernetes.io/name").put("operator", "In")
        .putArray("values").add("webhook-dispatcher").add("gateway");
    Egress egress = new Egress(widened);

    assertThat(egress.allowed(egress.flows.podLabels("gateway"), "8.8.8.8", 443)).isTrue();
    assertThat(Policies.all(widened)).contains("internet: NetworkPolicy egress-internet selects gateway");

    Manifests http = Manifests.overlay("production").copy();
    ((ArrayNode) http.get("NetworkPolicy", "egress-internet").at("/spec/egress/0/ports")).addObject()
        .put("protocol", "TCP").put("port", 80);
    assertThat(Policies.all(http)).anyMatch(v -> v.startsWith("internet: NetworkPolicy egress-internet opens ports"));
    assertThat(new Egress(http).allowed(new Egress(http).flows.podLabels(Targets.WEBHOOK_DISPATCHER), "8.8.8.8", 80))
        .isTrue();
  }

  @Test
  void theWholeAddressSpaceElsewhereIsStillRefused() {
    Manifests broken = Manifests.overlay("production").copy();
    ((ObjectNode) broken.get("NetworkPolicy", "egress-population-register").at("/spec/egress/0/to/0/ipBlock"))
        .put("cidr", "0.0.0.0/0");

    assertThat(Policies.all(broken)).anyMatch(v -> v.startsWith("outside-ranges: NetworkPolicy egress-population-register"));
    Egress egress = new Egress(broken);
    assertThat(egress.allowed(egress.flows.podLabels("identity-service"), "8.8.8.8", 443)).isTrue();
  }

  @Test
  void cidrsKeepTheirFamilyAndRefuseHostBits() {
    assertThat(Cidr.parse("::ffff:0:0/96").contains("::ffff:169.254.169.254")).isTrue();
    assertThat(Cidr.parse("::ffff:0:0/96").contains("169.254.169.254")).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").contains("::1")).isFalse();
    assertThat(Cidr.parse("100.64.0.0/10").contains("100.127.255.255")).isTrue();
    assertThat(Cidr.parse("100.64.0.0/10").contains("100.128.0.0")).isFalse();
    assertThat(Cidr.parse("fc00::/7").contains(Cidr.parse("fd00::/8"))).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Cidr.parse("10.0.0.1/8"))
        .hasMessageContaining("host bits");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Cidr.parse("example.com"))
        .hasMessageContaining("not an IP literal");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Egress by destination address, as NetworkPolicy decides it for an address outside the pods named by selectors. */
  static final class Egress {

    final Manifests manifests;
    final NetworkFlows flows;

    Egress(Manifests manifests) {
      this.manifests = manifests;
      this.flows = new NetworkFlows(manifests);
    }

    /** Whether a policy selecting the pod opens the address and port (an ipBlock holding it, or a rule without `to`). */
    boolean allowed(Map<String, String> pod, String address, int port) {
      Cidr destination = Cidr.parse(address);
      for (JsonNode policy : flows.policiesSelecting(pod, "Egress")) {
        for (JsonNode rule : policy.at("/spec/egress")) {
          if (!portMatches(rule, port)) {
            continue;
          }
          if (!rule.has("to") || rule.path("to").isEmpty()) {
            return true;
          }
          for (JsonNode peer : rule.path("to")) {
            if (peer.has("ipBlock") && Cidr.parse(peer.at("/ipBlock/cidr").asText()).contains(destination)) {
              boolean excepted = false;
              for (JsonNode e : peer.at("/ipBlock/except")) {
                excepted |= Cidr.parse(e.asText()).contains(destination);
              }
              if (!excepted) {
                return true;
              }
            }
          }
        }
      }
      return false;
    }

    private static boolean portMatches(JsonNode rule, int port) {
      if (!rule.has("ports")) {
        return true;
      }
      for (JsonNode p : rule.path("ports")) {
        if (p.path("protocol").asText("TCP").equals("TCP") && (!p.has("port") || p.path("port").asInt() == port
            || p.has("endPort") && port >= p.path("port").asInt() && port <= p.path("endPort").asInt())) {
          return true;
        }
      }
      return false;
    }

    /** Every pod of the namespace a policy may select: the deployables' and the stores' they connect to. */
    Set<Map<String, String>> pods() {
      Set<Map<String, String>> pods = new LinkedHashSet<>();
      for (String deployable : Manifests.DEPLOYABLES) {
        pods.add(flows.podLabels(deployable));
      }
      for (String deployable : Manifests.DEPLOYABLES) {
        for (Targets.Target target : Targets.of(flows.config(deployable))) {
          flows.destinations(target).stream().filter(d -> !d.outside()).forEach(d -> pods.add(d.labels()));
        }
      }
      return pods;
    }

    /** The first and last address of each cluster range egress-internet names. */
    List<String> clusterAddresses() {
      List<String> addresses = new ArrayList<>();
      JsonNode policy = manifests.get("NetworkPolicy", "egress-internet");
      for (String c : policy.at("/metadata/annotations").path(Policies.CLUSTER_CIDRS).asText().split("[ ,]+")) {
        if (c.isBlank()) {
          continue;
        }
        Cidr range = Cidr.parse(c);
        int bits = range.ipv6() ? 128 : 32;
        BigInteger last = range.first().add(BigInteger.ONE.shiftLeft(bits - range.prefix())).subtract(BigInteger.ONE);
        addresses.add(literal(range.first(), bits));
        addresses.add(literal(last, bits));
      }
      return addresses;
    }

    private static String literal(BigInteger value, int bits) {
      byte[] raw = value.toByteArray();
      byte[] bytes = new byte[bits / 8];
      int copy = Math.min(raw.length, bytes.length);
      System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
      try {
        return InetAddress.getByAddress(bytes).getHostAddress();
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
