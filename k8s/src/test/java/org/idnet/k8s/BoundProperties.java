package org.idnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether every setting in the mounted ConfigMap files is one the running service bound: Spring
 * ignores an unknown key, so a misspelt optional one ({@code isuer-uri}) would start the service on
 * the jar's default. The service's {@code /actuator/configprops} (exposed for the test only) names
 * every {@code @ConfigurationProperties} key bound; a ConfigMap key that is none of them, nor under
 * one (a map or list), is reported.
 */
final class BoundProperties {

  private BoundProperties() {
  }

  static List<String> unbound(Map<?, String> configFiles, JsonNode configprops) {
    Set<String> bound = new TreeSet<>();
    configprops.path("contexts").forEach(context -> context.path("beans").forEach(bean ->
        leaves(bean.path("prefix").asText(), bean.path("properties"), bound)));
    List<String> unbound = new ArrayList<>();
    for (String content : configFiles.values()) {
      try {
        Iterator<JsonNode> docs = Manifests.YAML.readerFor(JsonNode.class).readValues(content);
        while (docs.hasNext()) {
          Set<String> keys = new TreeSet<>();
          leaves("", docs.next(), keys);
          for (String written : keys) {
            // A map key in brackets ("percentiles-histogram.[grpc.server]") is reported without them.
            String key = written.replace("[", "").replace("]", "");
            if (bound.stream().noneMatch(b -> key.equals(b) || key.startsWith(b + ".") || b.startsWith(key + "."))) {
              unbound.add(written);
            }
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return unbound;
  }

  /** Leaf keys in kebab case; a list is one leaf. */
  private static void leaves(String prefix, JsonNode node, Set<String> into) {
    if (node == null || !node.isObject() || node.isEmpty()) {
      if (!prefix.isEmpty()) {
        into.add(prefix);
      }
      return;
    }
    node.fields().forEachRemaining(f -> leaves((prefix.isEmpty() ? "" : prefix + ".") + kebab(f.getKey()),
        f.getValue(), into));
  }

  private static String kebab(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
