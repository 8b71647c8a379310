package org.idnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Schema migrations run apart from the service (rule "migrations"): the deployables that own a schema
 * migrate it in an init container (idnet.db.migrate-only) holding the owner's secret; no service
 * container references an owner secret, and it runs with Flyway off. Init containers keep the same
 * restricted security context and limits as the service's.
 */
final class Migrations {

  /** The deployables with a schema of their own (Flyway). */
  static final Set<String> MIGRATING = Set.of("identity-service", "disclosure-service", "webhook-dispatcher");

  private Migrations() {
  }

  static List<String> check(JsonNode d) {
    List<String> v = new ArrayList<>();
    String id = Manifests.name(d);
    JsonNode pod = d.at("/spec/template/spec");
    boolean migrates = false;
    for (JsonNode init : pod.path("initContainers")) {
      String what = id + "/" + init.path("name").asText();
      if (!ownerSecrets(pod, init).isEmpty()) {
        if (!"true".equals(env(init, "IDNET_DB_MIGRATE_ONLY"))) {
          v.add("migrations: init container " + what + " holds the owner's secret but does not only migrate (IDNET_DB_MIGRATE_ONLY)");
        }
        migrates = true;
      }
      v.addAll(restricted(what, init));
    }
    for (JsonNode container : pod.path("containers")) {
      String what = id + "/" + container.path("name").asText();
      Set<String> owner = ownerSecrets(pod, container);
      if (!owner.isEmpty()) {
        v.add("migrations: container " + what + " references the schema owner's secret " + owner);
      }
      if (migrates && !"false".equals(env(container, "SPRING_FLYWAY_ENABLED"))) {
        v.add("migrations: container " + what + " does not turn Flyway off (SPRING_FLYWAY_ENABLED=false) though an init container migrates");
      }
    }
    if (MIGRATING.contains(id) && !migrates) {
      v.add("migrations: " + id + " has no init container migrating its schema as the owner");
    }
    return v;
  }

  /** The secrets named *-owner this container reads: env, envFrom, or a mounted secret volume. */
  static Set<String> ownerSecrets(JsonNode pod, JsonNode container) {
    Set<String> secrets = new HashSet<>();
    container.path("env").forEach(e -> secrets.add(e.at("/valueFrom/secretKeyRef/name").asText()));
    container.path("envFrom").forEach(e -> secrets.add(e.at("/secretRef/name").asText()));
    Set<String> mounted = new HashSet<>();
    container.path("volumeMounts").forEach(m -> mounted.add(m.path("name").asText()));
    for (JsonNode volume : pod.path("volumes")) {
      if (mounted.contains(volume.path("name").asText())) {
        secrets.add(volume.at("/secret/secretName").asText());
        volume.at("/projected/sources").forEach(s -> secrets.add(s.at("/secret/name").asText()));
      }
    }
    secrets.removeIf(name -> !name.endsWith("-owner"));
    return secrets;
  }

  private static List<String> restricted(String what, JsonNode c) {
    List<String> v = new ArrayList<>();
    JsonNode sc = c.path("securityContext");
    boolean ok = sc.path("readOnlyRootFilesystem").asBoolean(false)
        && sc.has("allowPrivilegeEscalation") && !sc.path("allowPrivilegeEscalation").asBoolean(true)
        && sc.at("/capabilities/drop").toString().equals("[\"ALL\"]");
    if (!ok) {
      v.add("migrations: init container " + what + " lacks the restricted security context");
    }
    if (c.at("/resources/limits/memory").isMissingNode() || c.at("/resources/limits/cpu").isMissingNode()) {
      v.add("migrations: init container " + what + " has no limits");
    }
    return v;
  }

  static String env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText(null);
      }
    }
    return null;
  }
}
