package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The network policies open exactly the flows the rendered configuration names: each gRPC target,
 * Redis and database URL, issuer, SMS provider, register and KMS is allowed at both ends, and nothing
 * a deployable is allowed to reach or be reached from lacks such a target. The tests below break one
 * policy or one setting each and show the check notices.
 */
class NetworkPolicyFlowTest {

  static final List<String> OVERLAYS = Kustomize.OVERLAYS;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyConfiguredTargetHasItsFlowAndEveryFlowATarget(String overlay) {
    NetworkFlows flows = new NetworkFlows(Manifests.overlay(overlay));

    assertThat(flows.violations()).isEmpty();
    assertThat(Targets.of(flows.config("gateway"))).extracting(Targets.Target::toString).contains(
        "idnet.gateway.backends.identity.target -> identity-service:9092",
        "idnet.gateway.backends.webhooks.target -> webhook-dispatcher:9094",
        "spring.data.redis.url -> redis-sentinel:26379");
    assertThat(Targets.of(flows.config("webhook-dispatcher"))).extracting(Targets.Target::toString).containsExactlyInAnyOrder(
        "idnet.webhooks.sources.identity.target -> identity-service:9092",
        "idnet.webhooks.sources.disclosure.target -> disclosure-service:9093",
        "spring.datasource.url -> webhooks-db-rw:5432",
        "idnet.webhooks.delivery -> internet (*:443)",
        "idnet.webhooks.keys.kms-key-uri -> kms (" + (overlay.equals("dev") ? "vault.dev.idnet.invalid" : "vault.idnet.invalid")
            + ":8200)");
  }

  @Test
  void theDispatcherReachesTheOutboxesOnlyWhereTheServicesAdmitIt() {
    Manifests broken = Manifests.overlay("production").copy();
    ArrayNode from = (ArrayNode) broken.get("NetworkPolicy", "disclosure-service").at("/spec/ingress/0/from");
    from.remove(1); // webhook-dispatcher -> disclosure-service

    assertThat(new NetworkFlows(broken).violations())
        .anyMatch(v -> v.startsWith("webhook-dispatcher: no ingress at") && v.contains("idnet.webhooks.sources.disclosure.target"));

    Manifests stray = Manifests.overlay("production").copy();
    ObjectNode rule = ((ArrayNode) stray.get("NetworkPolicy", "webhook-dispatcher").at("/spec/egress")).addObject();
    rule.putArray("to").addObject().putObject("podSelector").putObject("matchLabels").put("idnet.org/store", "redis");
    rule.putArray("ports").addObject().put("protocol", "TCP").put("port", 6379);
    assertThat(new NetworkFlows(stray).violations())
        .anyMatch(v -> v.startsWith("webhook-dispatcher: NetworkPolicy webhook-dispatcher opens egress") && v.contains("6379"));
  }

  @Test
  void theInternetIsTheDispatchersAloneAndAnotherDeployableOnItIsNoticed() {
    Manifests broken = Manifests.overlay("production").copy();
    ObjectNode selector = (ObjectNode) broken.get("NetworkPolicy", "egress-internet").at("/spec/podSelector/matchLabels");
    selector.put("app.kubernetes.io/name", "phone-otp-service");

    assertThat(new NetworkFlows(broken).violations())
        .anyMatch(v -> v.startsWith("phone-otp-service: NetworkPolicy egress-internet opens egress") && v.contains("(internet)"))
        .anyMatch(v -> v.startsWith("webhook-dispatcher: no egress for configured idnet.webhooks.delivery"));
  }

  @Test
  void aMissingEgressIsNoticed() {
    Manifests broken = Manifests.overlay("production").copy();
    ArrayNode egress = (ArrayNode) broken.get("NetworkPolicy", "gateway").at("/spec/egress");
    egress.remove(2); // gateway -> disclosure-service:9093

    assertThat(new NetworkFlows(broken).violations())
        .anyMatch(v -> v.startsWith("gateway: no egress for configured idnet.gateway.backends.disclosure.target"));
  }

  @Test
  void aMissingIngressAtTheDestinationIsNoticed() {
    Manifests broken = Manifests.overlay("production").copy();
    ArrayNode from = (ArrayNode) broken.get("NetworkPolicy", "identity-service").at("/spec/ingress/0/from");
    from.remove(1); // phone-otp-service -> identity-service

    assertThat(new NetworkFlows(broken).violations())
        .anyMatch(v -> v.startsWith("phone-otp-service: no ingress at") && v.contains("idnet.otp.identity-target"));
  }

  @Test
  void aFlowNoConfigurationNamesIsNoticed() {
    Manifests broken = Manifests.overlay("production").copy();
    ObjectNode rule = ((ArrayNode) broken.get("NetworkPolicy", "phone-otp-service").at("/spec/egress")).addObject();
    rule.putArray("to").addObject().putObject("podSelector").putObject("matchLabels").put("cnpg.io/cluster", "shared-db");
    rule.putArray("ports").addObject().put("protocol", "TCP").put("port", 5432);

    assertThat(new NetworkFlows(broken).violations())
        .anyMatch(v -> v.startsWith("phone-otp-service: NetworkPolicy phone-otp-service opens egress") && v.contains("5432"));
  }

  @Test
  void aStoreAdmittingADeployableWithoutTargetIsNoticed() {
    Manifests broken = Manifests.overlay("production").copy();
    ArrayNode from = (ArrayNode) broken.get("NetworkPolicy", "identity-db").at("/spec/ingress/0/from");
    from.addObject().putObject("podSelector").putObject("matchLabels").put("app.kubernetes.io/name", "disclosure-service");

    assertThat(new NetworkFlows(broken).violations())
        .contains("NetworkPolicy identity-db admits disclosure-service on port 5432, which its configuration does not target");
  }

  @Test
  void theServicesReachTheIssuerOnlyInTheClusterAndAnEdgePathForThemIsNoticed() {
    NetworkFlows flows = new NetworkFlows(Manifests.overlay("production"));
    for (String service : List.of("identity-service", "disclosure-service")) {
      assertThat(Targets.of(flows.config(service))).extracting(Targets.Target::toString)
          .contains("idnet.evidence.jwks-uri -> issuer (keycloak-service:8443)")
          .noneMatch(t -> t.startsWith("idnet.evidence.issuer-uri"));
    }

    Manifests broken = Manifests.overlay("production").copy();
    ((ArrayNode) broken.get("NetworkPolicy", "egress-issuer").at("/spec/podSelector/matchExpressions/0/values")).add("identity-service");
    assertThat(new NetworkFlows(broken).violations())
        .anyMatch(v -> v.startsWith("identity-service: NetworkPolicy egress-issuer opens egress") && v.contains("(issuer)"));
  }

  /**
   * The web is an HTTPS client of the gateway, Keycloak's token endpoint and Redis, and no mTLS peer: it
   * reaches no service's gRPC port, and the gateway is the only deployable that admits it.
   */
  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void theWebReachesTheGatewaysHttpsKeycloakAndRedisAndNoService(String overlay) {
    NetworkFlows flows = new NetworkFlows(Manifests.overlay(overlay));
    assertThat(Targets.of(flows.config("web"))).extracting(Targets.Target::toString).containsExactlyInAnyOrder(
        "idnet.web.gateway-url -> gateway:8443",
        "idnet.web.token-uri -> keycloak-service:8443",
        "idnet.web.redis-url -> redis-sentinel:26379",
        "idnet.web.sessions.keys.kms-key-uri -> kms (" + (overlay.equals("dev") ? "vault.dev.idnet.invalid"
            : "vault.idnet.invalid") + ":8200)");
    Map<String, String> web = flows.podLabels("web");
    Map<String, String> gateway = flows.podLabels("gateway");
    Map<String, String> keycloak = Map.of("app", "keycloak", "app.kubernetes.io/instance", "keycloak",
        "app.kubernetes.io/managed-by", "keycloak-operator");
    assertThat(flows.egressAllowed(web, new NetworkFlows.Destination(gateway, 8443, null))).isTrue();
    assertThat(flows.ingressAllowed(gateway, web, 8443)).as("gateway <- web").isTrue();
    assertThat(flows.egressAllowed(web, new NetworkFlows.Destination(keycloak, 8443, null))).isTrue();
    assertThat(flows.ingressAllowed(keycloak, web, 8443)).as("keycloak <- web").isTrue();

    // Denied: the services' gRPC ports (it is not a peer), the gateway's management port, Keycloak's management.
    Map<String, Integer> denied = Map.of("phone-otp-service", 9091, "identity-service", 9092, "disclosure-service", 9093,
        "webhook-dispatcher", 9094);
    denied.forEach((service, port) -> {
      Map<String, String> at = flows.podLabels(service);
      assertThat(flows.egressAllowed(web, new NetworkFlows.Destination(at, port, null))).as("web -> %s:%d", service, port)
          .isFalse();
      assertThat(flows.ingressAllowed(at, web, port)).as("%s:%d <- web", service, port).isFalse();
    });
    assertThat(flows.egressAllowed(web, new NetworkFlows.Destination(gateway, 8081, null))).as("web -> gateway:8081").isFalse();
    assertThat(flows.egressAllowed(web, new NetworkFlows.Destination(keycloak, 9000, null))).as("web -> keycloak:9000").isFalse();
    // Nothing of the namespace reaches the web's pages: the edge alone (EdgeTest), the scraper its management port.
    for (String other : Manifests.DEPLOYABLES) {
      assertThat(flows.ingressAllowed(web, flows.podLabels(other), 8443)).as("web:8443 <- %s", other).isFalse();
    }
  }

  @Test
  void aWebWithoutItsWayToTheGatewayOrWithAPathToAServiceIsNoticed() {
    Manifests broken = Manifests.overlay("production").copy();
    ArrayNode ingress = (ArrayNode) broken.get("NetworkPolicy", "gateway").at("/spec/ingress");
    ingress.remove(1); // web -> gateway:8443
    assertThat(new NetworkFlows(broken).violations())
        .anyMatch(v -> v.startsWith("web: no ingress at") && v.contains("idnet.web.gateway-url"));

    Manifests stray = Manifests.overlay("production").copy();
    ObjectNode rule = ((ArrayNode) stray.get("NetworkPolicy", "web").at("/spec/egress")).addObject();
    rule.putArray("to").addObject().putObject("podSelector").putObject("matchLabels")
        .put("app.kubernetes.io/name", "identity-service");
    rule.putArray("ports").addObject().put("protocol", "TCP").put("port", 9092);
    assertThat(new NetworkFlows(stray).violations())
        .anyMatch(v -> v.startsWith("web: NetworkPolicy web opens egress") && v.contains("9092"));
  }

  @Test
  void aTargetWithoutItsOutsideRangeIsNoticed() {
    Manifests broken = Manifests.overlay("production").copy();
    ((ObjectNode) broken.get("NetworkPolicy", "egress-kms").at("/metadata/annotations")).put("idnet.org/outside-endpoint", "sms-provider");

    assertThat(new NetworkFlows(broken).violations())
        .anyMatch(v -> v.startsWith("identity-service: no egress for configured idnet.identity.keys.kms-key-uri"))
        .anyMatch(v -> v.contains("(sms-provider), which its configuration does not name"));
  }
}
