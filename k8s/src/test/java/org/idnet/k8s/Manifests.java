package org.idnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A rendered set of objects, as JSON trees, with the look-ups the tests share. */
record Manifests(List<ObjectNode> objects) {

  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** idnet's deployables, by their app.kubernetes.io/name (the web last: it is an API client, no mTLS peer). */
  static final List<String> DEPLOYABLES = List.of("gateway", "phone-otp-service", "identity-service", "disclosure-service",
      "webhook-dispatcher", "web");

  static Manifests overlay(String name) {
    return parse(Kustomize.overlay(name));
  }

  static Manifests parse(String yaml) {
    List<ObjectNode> objects = new ArrayList<>();
    try (YAMLParser parser = ((YAMLFactory) YAML.getFactory()).createParser(yaml)) {
      Iterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class);
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && document.isObject()) {
          objects.add((ObjectNode) document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Manifests(List.copyOf(objects));
  }

  /** A deep copy, for tests that break one object on purpose. */
  Manifests copy() {
    return new Manifests(objects.stream().map(ObjectNode::deepCopy).toList());
  }

  List<ObjectNode> ofKind(String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  Optional<ObjectNode> find(String kind, String name) {
    return ofKind(kind).stream().filter(o -> name(o).equals(name)).findFirst();
  }

  ObjectNode get(String kind, String name) {
    return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
  }

  ObjectNode deployment(String name) {
    return get("Deployment", name);
  }

  static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  static String id(JsonNode object) {
    return object.path("kind").asText() + "/" + name(object);
  }

  static Map<String, String> labels(JsonNode labels) {
    Map<String, String> map = new TreeMap<>();
    labels.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  /** Whether a label selector (matchLabels and matchExpressions, or a plain map) selects these labels. */
  static boolean selects(JsonNode selector, Map<String, String> labels) {
    if (selector.isMissingNode() || selector.isNull()) {
      return false;
    }
    JsonNode matchLabels = selector.has("matchLabels") || selector.has("matchExpressions")
        ? selector.path("matchLabels") : selector;
    for (Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (JsonNode expression : selector.path("matchExpressions")) {
      String key = expression.path("key").asText();
      List<String> values = new ArrayList<>();
      expression.path("values").forEach(v -> values.add(v.asText()));
      boolean ok = switch (expression.path("operator").asText()) {
        case "In" -> values.contains(labels.get(key));
        case "NotIn" -> !values.contains(labels.get(key));
        case "Exists" -> labels.containsKey(key);
        case "DoesNotExist" -> !labels.containsKey(key);
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
