package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
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

  @Test
  void aTargetWithoutItsOutsideRangeIsNoticed() {
    Manifests broken = Manifests.overlay("production").copy();
    ((ObjectNode) broken.get("NetworkPolicy", "egress-kms").at("/metadata/annotations")).put("idnet.org/outside-endpoint", "sms-provider");

    assertThat(new NetworkFlows(broken).violations())
        .anyMatch(v -> v.startsWith("identity-service: no egress for configured idnet.identity.keys.kms-key-uri"))
        .anyMatch(v -> v.contains("(sms-provider), which its configuration does not name"));
  }
}
