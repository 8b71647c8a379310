package org.idnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields idnet uses of the operators' custom resources, whose schemas no registry serves as a
 * typed model: written by hand FROM THEIR SOURCES, and only as far as idnet uses them:
 * - CloudNativePG 1.30.0, api/v1/cluster_types.go, scheduledbackup_types.go, database_types.go
 *   (postgresql.cnpg.io/v1), and plugin-barman-cloud 0.14.0, api/v1/objectstore_types.go with its
 *   CRD config/crd/bases/barmancloud.cnpg.io_objectstores.yaml (barmancloud.cnpg.io/v1);
 * - OpsTree redis-operator v0.26.0, api/redisreplication|redissentinel/v1beta2/*_types.go and
 *   api/common/v1beta2/common_types.go (redis.redis.opstreelabs.in/v1beta2);
 * - the Keycloak operator's CRDs keycloaks.k8s.keycloak.org-v1.yml and
 *   keycloakrealmimports.k8s.keycloak.org-v1.yml (keycloak-k8s-resources, k8s.keycloak.org/v2alpha1).
 * A field not listed here is refused, so a misspelt or invented field fails before a cluster would
 * prune it silently; fields of Kubernetes' own types are parsed strictly with fabric8.
 */
final class OperatorSchemas {

  /** A declared field: a type name, an enum ("enum:a|b"), or a Kubernetes class. */
  record Field(String type, Class<?> k8s, boolean list, boolean required) {
  }

  static final Map<String, Map<String, Field>> SCHEMAS = new HashMap<>();

  static {
    Map<String, Field> cluster = schema("postgresql.cnpg.io/v1 Cluster");
    req(cluster, "spec.instances", "int");
    f(cluster, "spec.imageName", "string");
    f(cluster, "spec.enableSuperuserAccess", "bool");
    req(cluster, "spec.postgresql.synchronous.method", "enum:any|first");
    req(cluster, "spec.postgresql.synchronous.number", "int");
    f(cluster, "spec.postgresql.synchronous.dataDurability", "enum:required|preferred");
    f(cluster, "spec.postgresql.parameters.*", "string");
    f(cluster, "spec.postgresql.pg_hba[]", "string");
    f(cluster, "spec.bootstrap.initdb.database", "string");
    f(cluster, "spec.bootstrap.initdb.owner", "string");
    f(cluster, "spec.bootstrap.initdb.secret.name", "string");
    f(cluster, "spec.bootstrap.initdb.dataChecksums", "bool");
    req(cluster, "spec.managed.roles[].name", "string");
    f(cluster, "spec.managed.roles[].ensure", "enum:present|absent");
    f(cluster, "spec.managed.roles[].login", "bool");
    f(cluster, "spec.managed.roles[].inherit", "bool");
    f(cluster, "spec.managed.roles[].connectionLimit", "int");
    f(cluster, "spec.managed.roles[].passwordSecret.name", "string");
    f(cluster, "spec.certificates.serverCASecret", "string");
    f(cluster, "spec.certificates.serverTLSSecret", "string");
    f(cluster, "spec.storage.size", "string");
    f(cluster, "spec.walStorage.size", "string");
    f(cluster, "spec.affinity.enablePodAntiAffinity", "bool");
    f(cluster, "spec.affinity.topologyKey", "string");
    k8s(cluster, "spec.resources", ResourceRequirements.class, false);
    req(cluster, "spec.plugins[].name", "string");
    f(cluster, "spec.plugins[].isWALArchiver", "bool");
    f(cluster, "spec.plugins[].parameters.*", "string");

    Map<String, Field> backup = schema("postgresql.cnpg.io/v1 ScheduledBackup");
    req(backup, "spec.schedule", "string");
    f(backup, "spec.backupOwnerReference", "enum:none|self|cluster");
    f(backup, "spec.target", "enum:primary|prefer-standby");
    f(backup, "spec.method", "enum:barmanObjectStore|volumeSnapshot|plugin");
    f(backup, "spec.pluginConfiguration.name", "string");
    req(backup, "spec.cluster.name", "string");

    Map<String, Field> database = schema("postgresql.cnpg.io/v1 Database");
    req(database, "spec.name", "string");
    req(database, "spec.owner", "string");
    f(database, "spec.ensure", "enum:present|absent");
    f(database, "spec.databaseReclaimPolicy", "enum:delete|retain");
    req(database, "spec.cluster.name", "string");

    Map<String, Field> store = schema("barmancloud.cnpg.io/v1 ObjectStore");
    f(store, "spec.retentionPolicy", "string");
    req(store, "spec.configuration.destinationPath", "string");
    for (String credential : List.of("accessKeyId", "secretAccessKey")) {
      f(store, "spec.configuration.s3Credentials." + credential + ".name", "string");
      f(store, "spec.configuration.s3Credentials." + credential + ".key", "string");
    }
    f(store, "spec.configuration.wal.compression", "enum:bzip2|gzip|lz4|snappy|xz|zstd");
    f(store, "spec.configuration.wal.encryption", "enum:AES256|aws:kms");
    f(store, "spec.configuration.data.compression", "enum:bzip2|gzip|lz4|snappy");
    f(store, "spec.configuration.data.encryption", "enum:AES256|aws:kms");

    for (String kind : List.of("RedisReplication", "RedisSentinel")) {
      Map<String, Field> redis = schema("redis.redis.opstreelabs.in/v1beta2 " + kind);
      req(redis, "spec.clusterSize", "int");
      req(redis, "spec.kubernetesConfig.image", "string");
      f(redis, "spec.kubernetesConfig.imagePullPolicy", "enum:Always|IfNotPresent|Never");
      f(redis, "spec.kubernetesConfig.redisSecret.name", "string");
      f(redis, "spec.kubernetesConfig.redisSecret.key", "string");
      k8s(redis, "spec.kubernetesConfig.resources", ResourceRequirements.class, false);
      f(redis, "spec.TLS.ca", "string");
      f(redis, "spec.TLS.cert", "string");
      f(redis, "spec.TLS.key", "string");
      k8s(redis, "spec.TLS.secret", SecretVolumeSource.class, false);
      k8s(redis, "spec.podSecurityContext", PodSecurityContext.class, false);
      k8s(redis, "spec.securityContext", SecurityContext.class, false);
      f(redis, "spec.pdb.enabled", "bool");
      f(redis, "spec.pdb.minAvailable", "int");
      k8s(redis, "spec.topologySpreadConstraints", TopologySpreadConstraint.class, true);
    }
    Map<String, Field> replication = SCHEMAS.get("redis.redis.opstreelabs.in/v1beta2 RedisReplication");
    f(replication, "spec.redisConfig.maxMemoryPercentOfLimit", "int");
    f(replication, "spec.redisConfig.additionalRedisConfig", "string");
    k8s(replication, "spec.storage.volumeClaimTemplate", PersistentVolumeClaim.class, false);
    Map<String, Field> sentinel = SCHEMAS.get("redis.redis.opstreelabs.in/v1beta2 RedisSentinel");
    req(sentinel, "spec.redisSentinelConfig.redisReplicationName", "string");
    for (String s : List.of("masterGroupName", "redisPort", "quorum", "downAfterMilliseconds", "failoverTimeout",
        "parallelSyncs", "resolveHostnames", "announceHostnames")) {
      f(sentinel, "spec.redisSentinelConfig." + s, "string");
    }
    k8s(sentinel, "spec.redisSentinelConfig.redisReplicationPassword", EnvVarSource.class, false);

    Map<String, Field> keycloak = schema("k8s.keycloak.org/v2alpha1 Keycloak");
    f(keycloak, "spec.instances", "int");
    f(keycloak, "spec.image", "string");
    f(keycloak, "spec.startOptimized", "bool");
    k8s(keycloak, "spec.unsupported.podTemplate", PodTemplateSpec.class, false);
    f(keycloak, "spec.db.vendor", "string");
    f(keycloak, "spec.db.url", "string");
    for (String secret : List.of("usernameSecret", "passwordSecret")) {
      f(keycloak, "spec.db." + secret + ".name", "string");
      f(keycloak, "spec.db." + secret + ".key", "string");
    }
    f(keycloak, "spec.http.httpEnabled", "bool");
    f(keycloak, "spec.http.httpsPort", "int");
    f(keycloak, "spec.http.tlsSecret", "string");
    f(keycloak, "spec.hostname.hostname", "string");
    f(keycloak, "spec.hostname.strict", "bool");
    f(keycloak, "spec.hostname.backchannelDynamic", "bool");
    f(keycloak, "spec.hostname.admin", "string");
    req(keycloak, "spec.additionalOptions[].name", "string");
    f(keycloak, "spec.additionalOptions[].value", "string");
    f(keycloak, "spec.proxy.headers", "enum:forwarded|xforwarded");
    f(keycloak, "spec.ingress.enabled", "bool");
    req(keycloak, "spec.truststores.*.secret.name", "string");
    k8s(keycloak, "spec.resources", ResourceRequirements.class, false);
    k8s(keycloak, "spec.scheduling.topologySpreadConstraints", TopologySpreadConstraint.class, true);

    Map<String, Field> realm = schema("k8s.keycloak.org/v2alpha1 KeycloakRealmImport");
    req(realm, "spec.keycloakCRName", "string");
    // The realm itself is Keycloak's RealmRepresentation: RealmImportTest holds it equal to the realm file.
    SCHEMAS.get("k8s.keycloak.org/v2alpha1 KeycloakRealmImport").put("spec.realm", new Field("any", null, false, true));
  }

  private OperatorSchemas() {
  }

  private static Map<String, Field> schema(String key) {
    return SCHEMAS.computeIfAbsent(key, k -> new HashMap<>());
  }

  private static void f(Map<String, Field> schema, String path, String type) {
    schema.put(path, new Field(type, null, false, false));
  }

  private static void req(Map<String, Field> schema, String path, String type) {
    schema.put(path, new Field(type, null, false, true));
  }

  private static void k8s(Map<String, Field> schema, String path, Class<?> type, boolean list) {
    schema.put(path, new Field("k8s", type, list, false));
  }

  static boolean covers(JsonNode object) {
    return SCHEMAS.containsKey(key(object));
  }

  private static String key(JsonNode object) {
    return object.path("apiVersion").asText() + " " + object.path("kind").asText();
  }

  /** Problems of one custom resource against its declared fields. */
  static List<String> problems(JsonNode object) {
    Map<String, Field> schema = SCHEMAS.get(key(object));
    String id = Manifests.id(object);
    if (schema == null) {
      return List.of(id + ": no schema for " + key(object));
    }
    List<String> problems = new ArrayList<>();
    object.fields().forEachRemaining(e -> {
      if (e.getKey().equals("spec")) {
        walk(e.getValue(), "spec", schema, id, problems);
      } else if (!List.of("apiVersion", "kind", "metadata").contains(e.getKey())) {
        problems.add(id + "." + e.getKey() + ": not a field idnet declares");
      }
    });
    schema.forEach((path, field) -> {
      if (field.required() && !path.contains("[]") && !path.contains("*") && !present(object, path)
          && parentPresent(object, path)) {
        problems.add(id + "." + path + ": required");
      }
    });
    return problems;
  }

  private static void walk(JsonNode node, String path, Map<String, Field> schema, String id, List<String> problems) {
    Field field = schema.get(path);
    if (field != null) {
      check(node, path, field, id, problems);
    } else if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        String child = path + "." + e.getKey();
        if (declares(schema, child)) {
          walk(e.getValue(), child, schema, id, problems);
        } else if (declares(schema, path + ".*")) {
          walk(e.getValue(), path + ".*", schema, id, problems);
        } else {
          problems.add(id + "." + child + ": not a field idnet declares");
        }
      });
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        walk(item, path + "[]", schema, id, problems);
      }
    } else {
      problems.add(id + "." + path + ": not a field idnet declares");
    }
  }

  private static boolean declares(Map<String, Field> schema, String path) {
    return schema.keySet().stream().anyMatch(p -> p.equals(path) || p.startsWith(path + ".") || p.startsWith(path + "["));
  }

  private static void check(JsonNode node, String path, Field field, String id, List<String> problems) {
    String where = id + "." + path;
    switch (field.type()) {
      case "any" -> { }
      case "k8s" -> {
        if (field.list()) {
          int i = 0;
          for (JsonNode item : node) {
            problems.addAll(StrictModel.problems(item, field.k8s(), where + "[" + i++ + "]"));
          }
        } else {
          problems.addAll(StrictModel.problems(node, field.k8s(), where));
        }
      }
      case "int" -> {
        if (!node.isInt()) {
          problems.add(where + ": not an integer: " + node);
        }
      }
      case "bool" -> {
        if (!node.isBoolean()) {
          problems.add(where + ": not a boolean: " + node);
        }
      }
      case "string" -> {
        if (!node.isTextual()) {
          problems.add(where + ": not a string: " + node);
        }
      }
      default -> {
        List<String> values = List.of(field.type().substring("enum:".length()).split("\\|"));
        if (!values.contains(node.asText())) {
          problems.add(where + ": " + node.asText() + " is not one of " + values);
        }
      }
    }
  }

  private static boolean present(JsonNode object, String path) {
    return !object.at("/" + path.replace('.', '/')).isMissingNode();
  }

  private static boolean parentPresent(JsonNode object, String path) {
    String parent = path.substring(0, path.lastIndexOf('.'));
    return parent.equals("spec") || present(object, parent);
  }
}
