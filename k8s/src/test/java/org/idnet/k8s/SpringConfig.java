package org.idnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Spring properties a rendered Deployment gives its service, layered as Spring Boot layers them:
 * the jar's own application.yml (read from the module's sources), then each file of
 * SPRING_CONFIG_ADDITIONAL_LOCATION (found in the ConfigMap mounted there), then the container's
 * environment with relaxed binding (IDNET_OTP_REDISURL is idnet.otp.redis-url). Names are compared
 * in Spring's canonical form (lower case, no dashes). Values from Secrets read
 * {@code <secret:name/key>}; {@code $(VAR)} and {@code ${VAR:default}} are expanded.
 */
final class SpringConfig {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");
  private final Map<String, String> properties = new LinkedHashMap<>();
  private final Map<String, String> environment = new LinkedHashMap<>();

  private SpringConfig() {
  }

  static SpringConfig of(Manifests manifests, JsonNode deployment) {
    SpringConfig config = new SpringConfig();
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    JsonNode container = pod.path("containers").path(0);
    for (JsonNode env : container.path("env")) {
      String value = env.has("value") ? expand(env.path("value").asText(), config.environment)
          : "<secret:" + env.at("/valueFrom/secretKeyRef/name").asText() + "/" + env.at("/valueFrom/secretKeyRef/key").asText() + ">";
      config.environment.put(env.path("name").asText(), value);
    }
    Path jarConfig = Kustomize.MODULE.resolveSibling(Manifests.name(deployment)).resolve("src/main/resources/application.yml");
    config.load(read(jarConfig));
    for (String location : config.environment.getOrDefault("SPRING_CONFIG_ADDITIONAL_LOCATION", "").split(",")) {
      if (!location.isBlank()) {
        config.load(mounted(manifests, pod, container, location.strip()));
      }
    }
    config.environment.forEach((name, value) -> config.properties.put(canonicalEnv(name), value));
    config.properties.replaceAll((name, value) -> resolve(value, config.environment));
    return config;
  }

  Optional<String> get(String property) {
    return Optional.ofNullable(properties.get(canonical(property)));
  }

  /** Every property under a prefix (canonical names), e.g. the gateway's backends. */
  Map<String, String> under(String prefix) {
    String p = canonical(prefix) + ".";
    Map<String, String> found = new LinkedHashMap<>();
    properties.forEach((k, v) -> {
      if (k.startsWith(p)) {
        found.put(k.substring(p.length()), v);
      }
    });
    return found;
  }

  Map<String, String> environment() {
    return environment;
  }

  Map<String, String> all() {
    return properties;
  }

  private void load(JsonNode yaml) {
    flatten("", yaml, properties);
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? canonical(e.getKey()) : prefix + "." + canonical(e.getKey()),
          e.getValue(), into));
    } else if (node.isArray()) {
      into.keySet().removeIf(k -> k.startsWith(prefix + "["));
      for (int i = 0; i < node.size(); i++) {
        flatten(prefix + "[" + i + "]", node.get(i), into);
      }
    } else if (!node.isNull()) {
      into.put(prefix, node.asText());
    }
  }

  static String canonical(String name) {
    return name.toLowerCase().replace("-", "");
  }

  private static String canonicalEnv(String name) {
    return name.toLowerCase().replace('_', '.');
  }

  private static String expand(String value, Map<String, String> environment) {
    Matcher m = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(environment.getOrDefault(m.group(1), m.group())));
    }
    return m.appendTail(out).toString();
  }

  private static String resolve(String value, Map<String, String> environment) {
    Matcher m = PLACEHOLDER.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = environment.getOrDefault(m.group(1), m.group(2) == null ? m.group() : m.group(2));
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    return m.appendTail(out).toString();
  }

  /** The content of a file:/path location, from the ConfigMap volume mounted over its directory. */
  private static JsonNode mounted(Manifests manifests, JsonNode pod, JsonNode container, String location) {
    if (!location.startsWith("file:")) {
      throw new AssertionError("config location " + location + " is not a file: location");
    }
    Path file = Path.of(location.substring("file:".length()));
    for (JsonNode mount : container.path("volumeMounts")) {
      if (file.getParent().equals(Path.of(mount.path("mountPath").asText()))) {
        for (JsonNode volume : pod.path("volumes")) {
          if (volume.path("name").asText().equals(mount.path("name").asText()) && volume.has("configMap")) {
            JsonNode configMap = manifests.get("ConfigMap", volume.at("/configMap/name").asText());
            JsonNode content = configMap.path("data").path(file.getFileName().toString());
            if (content.isMissingNode()) {
              throw new AssertionError(location + ": ConfigMap " + Manifests.name(configMap) + " has no key " + file.getFileName());
            }
            return parse(content.asText());
          }
        }
      }
    }
    throw new AssertionError(location + " is in no ConfigMap mounted in the container");
  }

  private static JsonNode read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String yaml) {
    try {
      JsonNode node = Manifests.YAML.readTree(yaml);
      return node == null ? Manifests.JSON.createObjectNode() : node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> list(String csv) {
    List<String> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }
}
