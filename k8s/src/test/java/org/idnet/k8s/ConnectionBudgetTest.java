package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Each PostgreSQL cluster's {@code max_connections} covers every client at its most: for each
 * deployable whose JDBC URL names the cluster, (HPA maximum + the rollout's maxSurge) pods × its Hikari
 * pool, for Keycloak its instances × {@code db-pool-max-size}, plus a reserve. Otherwise a scale-out
 * fails readiness or answers store-unavailable exactly when load is highest.
 */
class ConnectionBudgetTest {

  /** superuser_reserved_connections (3), CloudNativePG's instance manager and exporter, an operator's psql. */
  static final int RESERVED = 20;
  /** Hikari's and Keycloak's defaults when nothing sets them. */
  static final int HIKARI_DEFAULT = 10;
  static final int KEYCLOAK_DEFAULT = 100;

  @ParameterizedTest
  @FieldSource("org.idnet.k8s.Kustomize#OVERLAYS")
  void everyClusterHasConnectionsForEveryClientAtItsMost(String overlay) {
    assertThat(overBudget(Manifests.overlay(overlay))).as(overlay).isEmpty();
  }

  @Test
  void aHigherHpaMaximumOrKeycloakDefaultPoolIsCaught() {
    Manifests scaled = Manifests.overlay("production").copy();
    ((ObjectNode) scaled.get("HorizontalPodAutoscaler", "identity-service").path("spec")).put("maxReplicas", 20);
    assertThat(overBudget(scaled)).singleElement(InstanceOfAssertFactories.STRING).startsWith("identity-db");

    Manifests keycloakDefault = Manifests.overlay("production").copy();
    var options = keycloakDefault.get("Keycloak", "keycloak").withArray("/spec/additionalOptions");
    for (int i = options.size() - 1; i >= 0; i--) {
      if (options.get(i).path("name").asText().equals("db-pool-max-size")) {
        options.remove(i);
      }
    }
    assertThat(overBudget(keycloakDefault)).singleElement(InstanceOfAssertFactories.STRING).startsWith("shared-db");
  }

  /** The clusters whose clients may open more than max_connections, with the sum. */
  static List<String> overBudget(Manifests m) {
    List<String> over = new ArrayList<>();
    for (JsonNode cluster : m.ofKind("Cluster")) {
      String name = Manifests.name(cluster);
      String host = "//" + name + "-rw:";
      JsonNode max = cluster.at("/spec/postgresql/parameters/max_connections");
      assertThat(max.isTextual()).as(name + " sets max_connections (PostgreSQL's default 100 is too few)").isTrue();
      int clients = RESERVED;
      for (String deployable : Manifests.DEPLOYABLES) {
        JsonNode deployment = m.deployment(deployable);
        SpringConfig config = SpringConfig.of(m, deployment);
        if (config.get("spring.datasource.url").filter(url -> url.contains(host)).isEmpty()) {
          continue;
        }
        int pods = m.get("HorizontalPodAutoscaler", deployable).at("/spec/maxReplicas").asInt()
            + deployment.at("/spec/strategy/rollingUpdate/maxSurge").asInt();
        int pool = config.get("spring.datasource.hikari.maximum-pool-size").map(Integer::parseInt).orElse(HIKARI_DEFAULT);
        clients += pods * pool;
      }
      for (JsonNode keycloak : m.ofKind("Keycloak")) {
        if (keycloak.at("/spec/db/url").asText().contains(host)) {
          int pool = KEYCLOAK_DEFAULT;
          for (JsonNode option : keycloak.at("/spec/additionalOptions")) {
            if (option.path("name").asText().equals("db-pool-max-size")) {
              pool = option.path("value").asInt();
            }
          }
          clients += keycloak.at("/spec/instances").asInt() * pool;
        }
      }
      if (clients > Integer.parseInt(max.asText())) {
        over.add(name + ": " + clients + " > max_connections " + max.asText());
      }
    }
    return over;
  }
}
