package org.idnet.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses objects into fabric8's Kubernetes model and refuses what the model does not know. fabric8
 * keeps unknown fields in each object's {@code additionalProperties} instead of failing, so every
 * parsed object is walked and any such field reported with its path; a kind fabric8 has no class
 * for (a built-in API group) is refused too.
 */
final class StrictModel {

  static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private StrictModel() {
  }

  /** Problems of one object as the given model type (for a field of a custom resource). */
  static <T> List<String> problems(JsonNode node, Class<T> type, String where) {
    try {
      Object parsed = MAPPER.treeToValue(node, type);
      List<String> problems = new ArrayList<>();
      walk(parsed, where, problems, new IdentityHashMap<>());
      return problems;
    } catch (Exception e) {
      return List.of(where + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** Problems of a whole object, its class chosen by apiVersion and kind. */
  static List<String> problems(JsonNode node) {
    String where = Manifests.id(node);
    try {
      KubernetesResource parsed = MAPPER.treeToValue(node, KubernetesResource.class);
      if (parsed instanceof GenericKubernetesResource) {
        return List.of(where + ": fabric8's model has no class for " + node.path("apiVersion").asText() + " "
            + node.path("kind").asText());
      }
      List<String> problems = new ArrayList<>();
      walk(parsed, where, problems, new IdentityHashMap<>());
      return problems;
    } catch (Exception e) {
      return List.of(where + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static void walk(Object value, String path, List<String> problems, Map<Object, Boolean> seen) {
    if (value == null || seen.put(value, Boolean.TRUE) != null) {
      return;
    }
    if (value instanceof Collection<?> collection) {
      int i = 0;
      for (Object item : collection) {
        walk(item, path + "[" + i++ + "]", problems, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, problems, seen));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method method : value.getClass().getMethods()) {
      if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers()) || !method.getName().startsWith("get")
          || method.getDeclaringClass() == Object.class) {
        continue;
      }
      Object child;
      try {
        child = method.invoke(value);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      if (method.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          for (Object key : extra.keySet()) {
            problems.add(path + "." + key + ": unknown field (" + value.getClass().getSimpleName() + " has no such field)");
          }
        }
      } else if (!Set.of("getClass").contains(method.getName())) {
        String name = Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4);
        walk(child, path + "." + name, problems, seen);
      }
    }
  }
}
