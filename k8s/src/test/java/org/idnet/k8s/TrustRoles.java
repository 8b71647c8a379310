package org.idnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which CA a pod's mounted Secret must hold, told by what the service's configuration does with the
 * file, never by the Secret's name (names change; what verifies what does not): the file in
 * {@code sslrootcert=} of the datasource URL verifies PostgreSQL, {@code idnet.redis.trust-file}
 * Redis, the issuer trust files ({@code idnet.gateway.jwt.trust-file}, {@code idnet.evidence.trust-file})
 * the issuer's JWKS endpoint, {@code *.keys.vault.ca-file} Vault. Every Deployment must agree: one
 * role, one Secret (key) across the pods, else the test fails naming both.
 */
final class TrustRoles {

  enum Role {
    DATABASE, REDIS, ISSUER, VAULT
  }

  /** Where a role's CA comes from: a Secret and its key. */
  record Source(String secret, String key) {
  }

  private TrustRoles() {
  }

  /** Role → the Secret the production Deployments mount for it. */
  static Map<Role, Source> of(Manifests manifests) {
    Map<Role, Source> roles = new LinkedHashMap<>();
    Map<Role, String> firstSeen = new LinkedHashMap<>();
    for (String deployable : Manifests.DEPLOYABLES) {
      JsonNode deployment = manifests.deployment(deployable);
      of(manifests, deployment).forEach((role, source) -> {
        Source known = roles.putIfAbsent(role, source);
        firstSeen.putIfAbsent(role, deployable);
        if (known != null && !known.equals(source)) {
          throw new AssertionError("the " + role + " CA is Secret " + known + " in " + firstSeen.get(role)
              + " but " + source + " in " + deployable + ": one CA verifies one server");
        }
      });
    }
    return roles;
  }

  /** The roles of one Deployment's CA files, read from its service container's configuration. */
  static Map<Role, Source> of(Manifests manifests, JsonNode deployment) {
    SpringConfig config = SpringConfig.of(manifests, deployment);
    PodSpec pod = PodSpec.of((com.fasterxml.jackson.databind.node.ObjectNode) deployment);
    List<PodSpec.Mount> mounts = pod.mounts().stream()
        .sorted(Comparator.comparingInt((PodSpec.Mount m) -> m.path().length()).reversed()).toList();
    Map<Role, Source> roles = new LinkedHashMap<>();
    config.all().forEach((property, value) -> role(property, value).ifPresent(role -> {
      String file = file(role, value);
      PodSpec.Mount mount = mounts.stream().filter(m -> file.startsWith(m.path() + "/")).findFirst()
          .orElseThrow(() -> new AssertionError(Manifests.name(deployment) + ": " + property + " names " + file
              + ", which no volume of the container holds"));
      roles.put(role, source(deployment, mount, file.substring(mount.path().length() + 1)));
    }));
    return roles;
  }

  /** What a property's file verifies, if it names a CA file. Names compared without dots, dashes and underscores. */
  static Optional<Role> role(String property, String value) {
    String name = property.toLowerCase().replaceAll("[^a-z0-9]", "");
    if (name.equals("springdatasourceurl") && value.contains("sslrootcert=")) {
      return Optional.of(Role.DATABASE);
    }
    if (name.equals("idnetredistrustfile") && !value.isBlank()) {
      return Optional.of(Role.REDIS);
    }
    if ((name.equals("idnetgatewayjwttrustfile") || name.equals("idnetevidencetrustfile")) && !value.isBlank()) {
      return Optional.of(Role.ISSUER);
    }
    if (name.matches("idnet[a-z]+keysvaultcafile") && !value.isBlank()) {
      return Optional.of(Role.VAULT);
    }
    return Optional.empty();
  }

  private static String file(Role role, String value) {
    if (role == Role.DATABASE) {
      String after = value.substring(value.indexOf("sslrootcert=") + "sslrootcert=".length());
      return after.replaceFirst("[&;].*$", "");
    }
    return value.strip();
  }

  /** The Secret (and key) behind a file of a mounted Secret volume. */
  private static Source source(JsonNode deployment, PodSpec.Mount mount, String fileInVolume) {
    JsonNode secret = mount.source().path("secret");
    if (secret.isMissingNode()) {
      throw new AssertionError(Manifests.name(deployment) + ": the CA file " + mount.path() + "/" + fileInVolume
          + " is not in a Secret volume (" + mount.source() + ")");
    }
    String key = fileInVolume;
    for (JsonNode item : secret.path("items")) {
      if (item.path("path").asText().equals(fileInVolume)) {
        key = item.path("key").asText();
      }
    }
    return new Source(secret.path("secretName").asText(), key);
  }
}
