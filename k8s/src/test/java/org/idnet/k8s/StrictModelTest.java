package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every overlay renders with kubectl kustomize, and every rendered object of a built-in API parses
 * into fabric8's Kubernetes model (7.9.0) with no field the model does not know. Custom resources
 * are checked by CustomResourceModelTest (cert-manager, External Secrets) and
 * OperatorResourceStructureTest (CloudNativePG, Redis, Keycloak); their metadata is checked here.
 */
class StrictModelTest {

  static final List<String> OVERLAYS = Kustomize.OVERLAYS;
  /** The custom resources, and which test checks them. */
  static final Set<String> CUSTOM_GROUPS = Set.of("cert-manager.io", "policy.cert-manager.io", "external-secrets.io",
      "monitoring.coreos.com", "postgresql.cnpg.io", "barmancloud.cnpg.io", "redis.redis.opstreelabs.in", "k8s.keycloak.org");

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyObjectParsesStrictly(String overlay) {
    Manifests manifests = Manifests.overlay(overlay);

    assertThat(problems(manifests)).isEmpty();
    assertThat(manifests.objects()).hasSizeGreaterThan(70);
  }

  @Test
  void anUnknownFieldIsRefused() {
    Manifests broken = Manifests.overlay("production").copy();
    ObjectNode container = (ObjectNode) broken.deployment("gateway").at("/spec/template/spec/containers/0");
    ((ObjectNode) container.path("securityContext")).put("readOnlyRootFilesystm", true);
    ((ObjectNode) broken.get("NetworkPolicy", "gateway").path("spec")).put("egres", "x");

    assertThat(problems(broken)).containsExactlyInAnyOrder(
        "Deployment/gateway.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystm: unknown field (SecurityContext has no such field)",
        "NetworkPolicy/gateway.spec.egres: unknown field (NetworkPolicySpec has no such field)");
  }

  @Test
  void aKindTheModelDoesNotKnowIsRefused() {
    Manifests broken = Manifests.overlay("production").copy();
    broken.deployment("gateway").put("apiVersion", "apps/v1beta9");

    assertThat(problems(broken)).containsExactly("Deployment/gateway: fabric8's model has no class for apps/v1beta9 Deployment");
  }

  static List<String> problems(Manifests manifests) {
    List<String> problems = new ArrayList<>();
    for (JsonNode object : manifests.objects()) {
      String group = object.path("apiVersion").asText().replaceFirst("/.*$", "");
      if (CUSTOM_GROUPS.contains(group)) {
        problems.addAll(StrictModel.problems(object.path("metadata"), io.fabric8.kubernetes.api.model.ObjectMeta.class,
            Manifests.id(object) + ".metadata"));
      } else {
        problems.addAll(StrictModel.problems(object));
      }
    }
    return problems;
  }
}
