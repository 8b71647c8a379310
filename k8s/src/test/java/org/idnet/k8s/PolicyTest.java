package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every deployable has probes on its management port, requests and limits, the restricted security
 * context, /tmp on an emptyDir, a PDB, a NetworkPolicy of its own, a grace period longer than its
 * shutdown, zone spreading; no image is untagged or `latest`; selectors match labels; Service ports
 * exist on their pods; every outside range is set; no Secret is in the manifests; every object is in
 * namespace idnet (cluster-scoped ones in none, the CA keys in cert-manager's); each PostgreSQL cluster backs
 * up with its own credential to its own path. Each rule is then
 * broken once on purpose, to show it fires.
 */
class PolicyTest {

  static final List<String> OVERLAYS = Kustomize.OVERLAYS;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyOverlayKeepsEveryRule(String overlay) {
    assertThat(Policies.all(Manifests.overlay(overlay))).isEmpty();
  }

  @Test
  void productionRunsThreeOfEverythingAndKeepsTwoThroughDisruptions() {
    Manifests production = Manifests.overlay("production");
    for (String name : Manifests.DEPLOYABLES) {
      assertThat(production.deployment(name).at("/spec/replicas").asInt()).as(name).isGreaterThanOrEqualTo(3);
      assertThat(production.get("PodDisruptionBudget", name).at("/spec/minAvailable").asInt()).as(name).isEqualTo(2);
      JsonNode hpa = production.get("HorizontalPodAutoscaler", name).path("spec");
      assertThat(hpa.path("minReplicas").asInt()).as(name).isGreaterThanOrEqualTo(3);
      assertThat(hpa.path("maxReplicas").asInt()).as(name).isGreaterThan(hpa.path("minReplicas").asInt());
    }
    for (String cluster : List.of("identity-db", "shared-db", "webhooks-db")) {
      JsonNode spec = production.get("Cluster", cluster).path("spec");
      assertThat(spec.path("instances").asInt()).isEqualTo(3);
      assertThat(spec.at("/postgresql/synchronous/number").asInt()).isEqualTo(1);
    }
  }

  @Test
  void productionShipsNoLegalBasisCatalogueDevTheSandboxExamples() {
    Manifests productionOverlay = Manifests.overlay("production");
    Manifests devOverlay = Manifests.overlay("dev");
    SpringConfig production = SpringConfig.of(productionOverlay, productionOverlay.deployment("disclosure-service"));
    SpringConfig dev = SpringConfig.of(devOverlay, devOverlay.deployment("disclosure-service"));

    assertThat(production.under("idnet.disclosure")).as("production's catalogue is the operator's to set").noneSatisfy(
        (k, v) -> assertThat(k).startsWith("legalbases"));
    assertThat(dev.get("idnet.disclosure.legal-bases[0].code")).contains("VN-CPC-2015-ART88");
  }

  /** A dev cluster pointed at production's secret store still reads none of production's secrets. */
  @Test
  void devAndProductionReadNoCommonSecretStoreKey() {
    Set<String> production = remoteKeys(Manifests.overlay("production"));
    Set<String> dev = remoteKeys(Manifests.overlay("dev"));
    assertThat(production).isNotEmpty().allMatch(k -> k.startsWith("idnet/"));
    assertThat(dev).isNotEmpty().allMatch(k -> k.startsWith("idnet-dev/"));
    assertThat(dev).doesNotContainAnyElementsOf(production);
  }

  static Set<String> remoteKeys(Manifests manifests) {
    Set<String> keys = new TreeSet<>();
    for (JsonNode secret : manifests.ofKind("ExternalSecret")) {
      secret.at("/spec/data").forEach(d -> keys.add(d.at("/remoteRef/key").asText()));
      assertThat(secret.at("/spec/dataFrom").isMissingNode()).as(Manifests.id(secret) + " uses data only").isTrue();
    }
    return keys;
  }

  @Test
  void devRunsOneReplicaWithSmallRequests() {
    Manifests dev = Manifests.overlay("dev");
    for (String name : Manifests.DEPLOYABLES) {
      assertThat(dev.deployment(name).at("/spec/replicas").asInt()).as(name).isEqualTo(1);
      assertThat(dev.deployment(name).at("/spec/template/spec/containers/0/resources/requests/cpu").asText()).isEqualTo("100m");
    }
  }

  static Stream<Arguments> brokenRules() {
    return Stream.of(
        broken("probes", m -> container(m, "identity-service").remove("readinessProbe")),
        broken("probes", m -> ((ObjectNode) container(m, "gateway").at("/livenessProbe/httpGet")).put("port", "http")),
        broken("resources", m -> ((ObjectNode) container(m, "phone-otp-service").path("resources")).remove("limits")),
        broken("security-context", m -> ((ObjectNode) container(m, "gateway").path("securityContext")).put("readOnlyRootFilesystem", false)),
        broken("security-context", m -> ((ObjectNode) container(m, "disclosure-service").at("/securityContext/capabilities")).putArray("drop").add("NET_RAW")),
        broken("security-context", m -> pod(m, "identity-service").remove("automountServiceAccountToken")),
        broken("tmp", m -> ((ArrayNode) container(m, "gateway").path("volumeMounts")).remove(0)),
        broken("pdb", m -> ((ObjectNode) m.get("PodDisruptionBudget", "identity-service").at("/spec/selector/matchLabels"))
            .put("app.kubernetes.io/name", "identity")),
        broken("network-policy", m -> ((ObjectNode) m.get("NetworkPolicy", "disclosure-service").at("/spec/podSelector/matchLabels"))
            .put("app.kubernetes.io/name", "nobody")),
        broken("graceful-shutdown", m -> pod(m, "gateway").put("terminationGracePeriodSeconds", 30)),
        broken("topology-spread", m -> pod(m, "phone-otp-service").remove("topologySpreadConstraints")),
        broken("secrets", m -> ((ObjectNode) ((ArrayNode) container(m, "phone-otp-service").path("env")).addObject())
            .put("name", "IDNET_OTP_CODEHASHKEY").put("value", "c2VjcmV0")),
        broken("images", m -> container(m, "gateway").put("image", "registry.invalid/idnet/gateway:latest")),
        broken("images", m -> ((ObjectNode) m.get("Cluster", "shared-db").path("spec")).put("imageName", "ghcr.io/cloudnative-pg/postgresql")),
        broken("selectors", m -> ((ObjectNode) m.get("Service", "identity-service").at("/spec/selector")).put("app.kubernetes.io/name", "identity")),
        broken("service-ports", m -> ((ObjectNode) m.get("Service", "disclosure-service").at("/spec/ports/0")).put("targetPort", "grpcs")),
        broken("migrations", m -> ((ArrayNode) container(m, "identity-service").path("env")).addObject()
            .put("name", "IDNET_IDENTITY_DB_OWNER_PASSWORD").putObject("valueFrom").putObject("secretKeyRef")
            .put("name", "identity-db-owner").put("key", "password")),
        broken("migrations", m -> {
          ((ArrayNode) pod(m, "disclosure-service").path("volumes")).addObject().put("name", "owner")
              .putObject("secret").put("secretName", "disclosure-db-owner");
          ((ArrayNode) container(m, "disclosure-service").path("volumeMounts")).addObject()
              .put("name", "owner").put("mountPath", "/etc/idnet/owner");
        }),
        broken("migrations", m -> pod(m, "disclosure-service").remove("initContainers")),
        broken("migrations", m -> removeEnv(container(m, "identity-service"), "SPRING_FLYWAY_ENABLED")),
        broken("migrations", m -> removeEnv(pod(m, "identity-service").at("/initContainers/0"), "IDNET_DB_MIGRATE_ONLY")),
        broken("migrations", m -> ((ObjectNode) pod(m, "identity-service").at("/initContainers/0/securityContext"))
            .put("readOnlyRootFilesystem", false)),
        broken("namespaces", m -> ((ObjectNode) m.get("NetworkPolicy", "default-deny").path("metadata")).remove("namespace")),
        broken("namespaces", m -> ((ObjectNode) m.get("ClusterIssuer", "idnet-ca").path("metadata")).put("namespace", "idnet")),
        broken("backups", m -> ((ObjectNode) m.get("ObjectStore", "shared-db-backups").at("/spec/configuration/s3Credentials/accessKeyId"))
            .put("name", "identity-db-backup")),
        broken("backups", m -> ((ObjectNode) m.get("ObjectStore", "shared-db-backups").at("/spec/configuration"))
            .put("destinationPath", "s3://idnet-prod-backups")),
        broken("outside-ranges", m -> ((ObjectNode) m.get("NetworkPolicy", "egress-sms-provider").at("/spec/egress/0/to/0/ipBlock"))
            .put("cidr", "0.0.0.0/0")),
        broken("migrations", m -> removeEnv(container(m, "webhook-dispatcher"), "SPRING_FLYWAY_ENABLED")),
        broken("backups", m -> ((ObjectNode) m.get("ObjectStore", "webhooks-db-backups").at("/spec/configuration/s3Credentials/secretAccessKey"))
            .put("name", "shared-db-backup")),
        broken("internet", m -> ((ObjectNode) m.get("NetworkPolicy", "egress-internet").at("/spec/egress/0/to/1/ipBlock")).remove("except")),
        broken("internet", m -> ((ObjectNode) m.get("NetworkPolicy", "egress-internet").at("/metadata/annotations"))
            .remove(Policies.CLUSTER_CIDRS)),
        broken("internet", m -> ((ObjectNode) m.get("NetworkPolicy", "egress-kms").at("/metadata/annotations"))
            .put("idnet.org/outside-endpoint", "kms internet"))
    );
  }

  private static Arguments broken(String rule, Consumer<Manifests> breakIt) {
    return Arguments.of(rule, breakIt);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  void aBrokenRuleIsNoticed(String rule, Consumer<Manifests> breakIt) {
    Manifests broken = Manifests.overlay("production").copy();
    breakIt.accept(broken);

    assertThat(Policies.all(broken)).anyMatch(v -> v.startsWith(rule + ":"));
  }

  @Test
  void aRenderedSecretIsNoticed() {
    Manifests withSecret = Manifests.parse(Kustomize.overlay("production")
        + "\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: leaked\n  namespace: idnet\nstringData:\n  password: hunter2\n");

    assertThat(Policies.all(withSecret)).containsExactly("secrets: Secret leaked is rendered: secrets come from the external store");
  }

  private static ObjectNode container(Manifests m, String name) {
    return (ObjectNode) m.deployment(name).at("/spec/template/spec/containers/0");
  }

  private static void removeEnv(JsonNode container, String name) {
    for (var it = container.path("env").elements(); it.hasNext(); ) {
      if (it.next().path("name").asText().equals(name)) {
        it.remove();
      }
    }
  }

  private static ObjectNode pod(Manifests m, String name) {
    return (ObjectNode) m.deployment(name).at("/spec/template/spec");
  }
}
