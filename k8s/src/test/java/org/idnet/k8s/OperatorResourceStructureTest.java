package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * CloudNativePG, Barman Cloud, Redis-operator and Keycloak-operator resources use only fields their
 * operators define, with the right types and values: a structural test of the fields idnet uses,
 * written from those projects' CRD sources (see {@link OperatorSchemas}), since no registry serves
 * their schemas as a typed model. What the operators then make of them only a cluster can show.
 */
class OperatorResourceStructureTest {

  static final List<String> OVERLAYS = Kustomize.OVERLAYS;
  static final List<String> GROUPS = List.of("postgresql.cnpg.io", "barmancloud.cnpg.io", "redis.redis.opstreelabs.in",
      "k8s.keycloak.org");

  static List<String> problems(Manifests manifests) {
    List<String> problems = new ArrayList<>();
    for (JsonNode object : manifests.objects()) {
      if (GROUPS.contains(object.path("apiVersion").asText().replaceFirst("/.*$", ""))) {
        problems.addAll(OperatorSchemas.problems(object));
      }
    }
    return problems;
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void operatorResourcesUseOnlyDeclaredFields(String overlay) {
    Manifests manifests = Manifests.overlay(overlay);

    assertThat(problems(manifests)).isEmpty();
    assertThat(manifests.objects()).filteredOn(OperatorSchemas::covers).extracting(o -> o.path("kind").asText())
        .contains("Cluster", "ScheduledBackup", "Database", "ObjectStore", "RedisReplication", "RedisSentinel", "Keycloak",
            "KeycloakRealmImport");
  }

  @Test
  void misspeltWrongAndMissingFieldsAreRefused() {
    Manifests broken = Manifests.overlay("production").copy();
    ObjectNode cluster = (ObjectNode) broken.get("Cluster", "identity-db").path("spec");
    ((ObjectNode) cluster.at("/postgresql/synchronous")).put("method", "all");
    cluster.put("instance", 3);
    cluster.remove("instances");
    ((ObjectNode) broken.get("RedisSentinel", "redis").at("/spec/redisSentinelConfig")).put("masterName", "idnet");
    ((ObjectNode) broken.get("RedisReplication", "redis").at("/spec/kubernetesConfig/resources")).put("limit", "x");
    ((ObjectNode) broken.get("Keycloak", "keycloak").at("/spec/http")).put("httpsPort", "8443");

    assertThat(problems(broken)).containsExactlyInAnyOrder(
        "Cluster/identity-db.spec.postgresql.synchronous.method: all is not one of [any, first]",
        "Cluster/identity-db.spec.instance: not a field idnet declares",
        "Cluster/identity-db.spec.instances: required",
        "RedisSentinel/redis.spec.redisSentinelConfig.masterName: not a field idnet declares",
        "RedisReplication/redis.spec.kubernetesConfig.resources.limit: unknown field (ResourceRequirements has no such field)",
        "Keycloak/keycloak.spec.http.httpsPort: not an integer: \"8443\"");
  }
}
