package org.idnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with the machine's {@code kubectl kustomize} (no kustomize is published on
 * Maven Central or npm; kubectl bundles it). Needs kubectl 1.27 or newer (kustomize 5: components,
 * the {@code labels} transformer); fails with a message saying so, never skips.
 */
final class Kustomize {

  /** The k8s module (set by surefire; the working directory otherwise). */
  static final Path MODULE = Path.of(System.getProperty("idnet.k8s.module", ".")).toAbsolutePath().normalize();
  static final List<String> OVERLAYS = List.of("dev", "production");
  private static final int MIN_MINOR = 27;
  private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();
  private static volatile boolean checked;

  private Kustomize() {
  }

  /** The YAML stream of {@code k8s/<directory>} as kustomize renders it. */
  static String render(String directory) {
    return RENDERED.computeIfAbsent(directory, d -> run(List.of("kubectl", "kustomize", MODULE.resolve(d).toString())));
  }

  /** The rendered overlay {@code overlays/<name>}. */
  static String overlay(String name) {
    return render("overlays/" + name);
  }

  private static String run(List<String> command) {
    requireKubectl();
    return exec(command);
  }

  private static synchronized void requireKubectl() {
    if (checked) {
      return;
    }
    String json;
    try {
      json = exec(List.of("kubectl", "version", "--client", "-o", "json"));
    } catch (IllegalStateException e) {
      throw new IllegalStateException("kubectl is needed to render k8s/ (kubectl kustomize), version 1." + MIN_MINOR
          + " or newer with its bundled kustomize 5; install it (Debian's kubectl package is too old for kustomize"
          + " components) or put it on the PATH", e);
    }
    try {
      JsonNode version = new ObjectMapper().readTree(json);
      int minor = Integer.parseInt(version.path("clientVersion").path("minor").asText().replaceAll("\\D", ""));
      String kustomize = version.path("kustomizeVersion").asText();
      if (minor < MIN_MINOR || !kustomize.startsWith("v5")) {
        throw new IllegalStateException("kubectl 1." + minor + " with kustomize " + kustomize + " is too old to render"
            + " k8s/: needs kubectl 1." + MIN_MINOR + "+ (kustomize v5: components, labels)");
      }
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read kubectl's version: " + json, e);
    }
    checked = true;
  }

  private static String exec(List<String> command) {
    try {
      Path err = Files.createTempFile("kubectl-", ".err");
      try {
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n"
              + Files.readString(err));
        }
        return out;
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
