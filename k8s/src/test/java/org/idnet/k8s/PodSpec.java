package org.idnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a rendered Deployment gives its (single) container: command and args, env in order (a plain
 * value, or a reference to a ConfigMap or Secret key), the volumes it mounts and the probes. Read
 * from the JSON tree as rendered, so a field this test does not understand fails instead of being
 * dropped.
 */
record PodSpec(String deployable, List<String> command, List<String> args, List<Env> env, List<Mount> mounts,
    Map<String, Integer> ports, Map<String, Probe> probes) {

  /** One env entry: exactly one of value, configMap (name, key), secret (name, key). */
  record Env(String name, String value, String configMap, String secret, String key) {
  }

  /** A volume as mounted: where, and the volume's source (configMap, secret, projected, emptyDir). */
  record Mount(String path, String volume, JsonNode source) {
  }

  record Probe(String path, int port) {
  }

  static PodSpec of(ObjectNode deployment) {
    String name = deployment.path("metadata").path("name").asText();
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    JsonNode containers = pod.path("containers");
    if (containers.size() != 1) {
      throw new AssertionError(name + ": one container expected, the test starts one jar; found " + containers.size());
    }
    return of(name, pod, containers.get(0), true);
  }

  /**
   * The Deployment's init containers, in the order the kubelet runs them (each to completion before
   * the next and before the service's container); named {@code <deployment>/<container>}. They have
   * no probes: an init container is done when it exits 0.
   */
  static List<PodSpec> initContainers(ObjectNode deployment) {
    String name = deployment.path("metadata").path("name").asText();
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    List<PodSpec> specs = new ArrayList<>();
    for (JsonNode container : pod.path("initContainers")) {
      specs.add(of(name + "/" + container.path("name").asText(), pod, container, false));
    }
    return List.copyOf(specs);
  }

  /** The Deployment whose jar this container runs (init containers run the service's image). */
  String jarOf() {
    int slash = deployable.indexOf('/');
    return slash < 0 ? deployable : deployable.substring(0, slash);
  }

  private static PodSpec of(String name, JsonNode pod, JsonNode container, boolean probed) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
    List<Env> env = new ArrayList<>();
    for (JsonNode e : container.path("env")) {
      String envName = e.path("name").asText();
      JsonNode from = e.path("valueFrom");
      if (from.isMissingNode()) {
        env.add(new Env(envName, e.path("value").asText(""), null, null, null));
      } else if (from.has("configMapKeyRef")) {
        JsonNode ref = from.path("configMapKeyRef");
        env.add(new Env(envName, null, ref.path("name").asText(), null, ref.path("key").asText()));
      } else if (from.has("secretKeyRef")) {
        JsonNode ref = from.path("secretKeyRef");
        env.add(new Env(envName, null, null, ref.path("name").asText(), ref.path("key").asText()));
      } else {
        throw new AssertionError(name + ": env " + envName + " has a valueFrom this test does not resolve: " + from);
      }
    }
    if (container.has("envFrom")) {
      throw new AssertionError(name + ": envFrom is not resolved by this test; name each variable");
    }
    Map<String, JsonNode> volumes = new LinkedHashMap<>();
    pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
    List<Mount> mounts = new ArrayList<>();
    for (JsonNode m : container.path("volumeMounts")) {
      String volume = m.path("name").asText();
      if (!volumes.containsKey(volume)) {
        throw new AssertionError(name + ": mounts volume " + volume + " that the pod does not declare");
      }
      if (m.has("subPath")) {
        throw new AssertionError(name + ": subPath mounts are not resolved by this test (" + volume + ")");
      }
      mounts.add(new Mount(m.path("mountPath").asText(), volume, volumes.get(volume)));
    }
    Map<String, Probe> probes = new LinkedHashMap<>();
    for (String kind : probed ? List.of("startupProbe", "livenessProbe", "readinessProbe") : List.<String>of()) {
      JsonNode http = container.path(kind).path("httpGet");
      if (http.isMissingNode()) {
        throw new AssertionError(name + ": no HTTP " + kind);
      }
      JsonNode port = http.path("port");
      int number = port.isNumber() ? port.asInt() : ports.getOrDefault(port.asText(), -1);
      if (number < 0) {
        throw new AssertionError(name + ": " + kind + " names port " + port.asText() + " the container does not declare");
      }
      probes.put(kind, new Probe(http.path("path").asText(), number));
    }
    return new PodSpec(name, strings(container.path("command")), strings(container.path("args")), List.copyOf(env),
        List.copyOf(mounts), Map.copyOf(ports), Map.copyOf(probes));
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(v -> list.add(v.asText()));
    return List.copyOf(list);
  }
}
