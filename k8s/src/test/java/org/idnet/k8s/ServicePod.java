package org.idnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One pod of a rendered Deployment laid out on this machine: every mounted volume written under
 * {@code <root>} at its mount path ({@code /etc/idnet/tls} becomes {@code <root>/etc/idnet/tls}), the
 * env resolved as the kubelet does (ConfigMap and Secret refs, then {@code $(VAR)}), and the only
 * edits: that mount-path prefix and the in-cluster addresses of {@link LocalPlatform#rewrites}, in
 * env values and in mounted ConfigMap files. Each edit is recorded in {@link #substitutions}.
 */
final class ServicePod {

  private static final Pattern VAR = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  final PodSpec spec;
  final Path root;
  final Map<String, String> env = new LinkedHashMap<>();
  /** The mounted ConfigMap files (local path → content), to find port settings in. */
  final Map<Path, String> configFiles = new LinkedHashMap<>();
  final List<String> substitutions = new ArrayList<>();
  private final LocalPlatform platform;
  private final Manifests manifests;
  private final List<String> mountPaths;

  ServicePod(PodSpec spec, Manifests manifests, LocalPlatform platform, Path root) {
    this.spec = spec;
    this.manifests = manifests;
    this.platform = platform;
    this.root = root;
    this.mountPaths = spec.mounts().stream().map(PodSpec.Mount::path).filter(p -> !p.equals("/tmp"))
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    resolveEnv();
  }

  private void resolveEnv() {
    for (PodSpec.Env e : spec.env()) {
      String value;
      if (e.value() != null) {
        value = expand(e.value());
      } else if (e.configMap() != null) {
        JsonNode data = manifests.get("ConfigMap", e.configMap()).path("data").path(e.key());
        if (data.isMissingNode()) {
          throw new AssertionError(spec.deployable() + ": env " + e.name() + " reads ConfigMap " + e.configMap()
              + " key " + e.key() + ", which is not rendered");
        }
        value = data.asText();
      } else {
        value = platform.secretValue(e.secret(), e.key());
      }
      env.put(e.name(), edit("env " + e.name(), value));
    }
  }

  /** Kubernetes' $(VAR): a variable defined earlier in the list; anything else stays as written. */
  private String expand(String value) {
    Matcher m = VAR.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String known = env.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(known != null ? known : m.group()));
    }
    return m.appendTail(out).toString();
  }

  /** The edits this test allows itself, each listed. */
  private String edit(String where, String value) {
    String result = value;
    for (var rewrite : platform.rewrites.entrySet()) {
      if (result.contains(rewrite.getKey())) {
        result = result.replace(rewrite.getKey(), rewrite.getValue());
        substitutions.add(where + ": " + rewrite.getKey() + " -> " + rewrite.getValue());
      }
    }
    for (String mount : mountPaths) {
      Pattern prefix = Pattern.compile("(?<![\\w./-])" + Pattern.quote(mount) + "(?=/|$|[^\\w.-])");
      Matcher m = prefix.matcher(result);
      if (m.find()) {
        result = m.replaceAll(Matcher.quoteReplacement(root + mount));
        substitutions.add(where + ": mount path " + mount + " -> <pod>" + mount);
      }
    }
    return result;
  }

  /** Writes every mounted volume under {@link #root}; provisioned Secrets are copied as they are now. */
  void writeVolumes() {
    for (PodSpec.Mount mount : spec.mounts()) {
      if (mount.path().equals("/tmp")) {
        continue; // emptyDir at /tmp: the process uses this machine's /tmp
      }
      Path dir = directory(mount.path());
      JsonNode source = mount.source();
      if (source.has("configMap")) {
        writeConfigMap(dir, source.path("configMap"));
      } else if (source.has("secret")) {
        writeSecret(dir, source.path("secret").path("secretName").asText(), source.path("secret").path("items"));
      } else if (source.has("projected")) {
        for (JsonNode s : source.path("projected").path("sources")) {
          if (s.has("secret")) {
            writeSecret(dir, s.path("secret").path("name").asText(), s.path("secret").path("items"));
          } else if (s.has("serviceAccountToken")) {
            write(dir.resolve(s.path("serviceAccountToken").path("path").asText()),
                LocalPlatform.utf8(LocalPlatform.VAULT_JWT));
          } else {
            throw new AssertionError(spec.deployable() + ": projected source not resolved by the test: " + s);
          }
        }
      } else if (!source.has("emptyDir")) {
        throw new AssertionError(spec.deployable() + ": volume " + mount.volume() + " of a kind the test does not"
            + " resolve: " + source);
      }
    }
  }

  Path directory(String mountPath) {
    try {
      return Files.createDirectories(Path.of(root + mountPath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeConfigMap(Path dir, JsonNode ref) {
    String name = ref.path("name").asText();
    JsonNode data = manifests.get("ConfigMap", name).path("data");
    Map<String, String> files = new TreeMap<>();
    data.fields().forEachRemaining(f -> files.put(f.getKey(), f.getValue().asText()));
    if (ref.has("items")) {
      throw new AssertionError(spec.deployable() + ": ConfigMap items are not resolved by the test");
    }
    files.forEach((file, content) -> {
      String edited = edit(name.replaceFirst("-[a-z0-9]{10}$", "") + "/" + file, content);
      write(dir.resolve(file), LocalPlatform.utf8(edited));
      configFiles.put(dir.resolve(file), edited);
    });
  }

  private void writeSecret(Path dir, String name, JsonNode items) {
    Map<String, byte[]> files = platform.secretFiles(name);
    if (items.isMissingNode() || items.isEmpty()) {
      files.forEach((file, content) -> write(dir.resolve(file), content));
      return;
    }
    for (JsonNode item : items) {
      byte[] content = files.get(item.path("key").asText());
      if (content == null) {
        throw new AssertionError(spec.deployable() + ": Secret " + name + " has no key " + item.path("key").asText());
      }
      write(dir.resolve(item.path("path").asText()), content);
    }
  }

  private static void write(Path file, byte[] content) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
