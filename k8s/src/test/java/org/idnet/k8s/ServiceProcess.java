package org.idnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * A service's Spring Boot jar ({@code <module>/target/idnet-<module>-exec.jar}) started as the pod's
 * container would run it: the pod's env only (plus PATH), its args, and one edit of our own: every
 * port the container declares is moved to a free one by command-line arguments, after checking that
 * the jar (or the mounted configuration) really listens there.
 */
final class ServiceProcess implements AutoCloseable {

  /** The properties that decide where a service listens. */
  private static final List<String> PORT_PROPERTIES = List.of("server.port", "management.server.port",
      "spring.grpc.server.port");
  /**
   * HTTP/1.1, as the kubelet probes: the JDK client's default (HTTP/2, upgrading h2c on every new
   * connection) left requests to the services' Netty servers hanging now and then.
   */
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;
  /** Container port → the local port it was moved to. */
  final Map<Integer, Integer> ports;

  private ServiceProcess(Process process, Path log, Map<Integer, Integer> ports) {
    this.process = process;
    this.log = log;
    this.ports = ports;
  }

  static Path jar(String deployable) {
    Path jar = Kustomize.MODULE.resolveSibling(deployable).resolve("target/idnet-" + deployable + "-exec.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is not built: the k8s module's start test runs the services' jars; build"
          + " them first (mvn -pl k8s -am verify builds them, the k8s module depends on the services for that order)");
    }
    return jar;
  }

  static ServiceProcess start(ServicePod pod, List<String> extraArgs, Path log) throws IOException {
    Path jar = jar(pod.spec.jarOf());
    Map<Integer, Integer> moved = new LinkedHashMap<>();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (!pod.spec.command().isEmpty()) {
      throw new AssertionError(pod.spec.deployable() + ": a container command replaces the image's entrypoint; the"
          + " test knows only `java -jar` (Jib's entrypoint)");
    }
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(pod.spec.args());
    Map<String, Integer> listening = listeningPorts(jar, pod);
    for (var port : pod.spec.ports().entrySet()) {
      String property = listening.entrySet().stream().filter(e -> e.getValue().equals(port.getValue()))
          .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError(pod.spec.deployable()
              + ": the container declares port " + port.getKey() + " (" + port.getValue() + "), but the service"
              + " listens on " + listening));
      int local = LocalPlatform.freePort();
      moved.put(port.getValue(), local);
      command.add("--" + property + "=" + local);
      pod.substitutions.add("port " + port.getKey() + " " + port.getValue() + " (" + property + ") -> " + local);
    }
    command.addAll(extraArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv("PATH"));
    builder.environment().putAll(pod.env);
    return new ServiceProcess(builder.start(), log, moved);
  }

  /** Where the service listens: the jar's application.yml, overridden by the mounted config files. */
  private static Map<String, Integer> listeningPorts(Path jar, ServicePod pod) throws IOException {
    Map<String, Integer> ports = new LinkedHashMap<>();
    try (JarFile file = new JarFile(jar.toFile());
        InputStream in = file.getInputStream(file.getEntry("BOOT-INF/classes/application.yml"))) {
      collect(Manifests.YAML.readTree(in), ports);
    }
    for (String content : pod.configFiles.values()) {
      Iterator<JsonNode> docs = Manifests.YAML.readerFor(JsonNode.class).readValues(content);
      while (docs.hasNext()) {
        collect(docs.next(), ports);
      }
    }
    return ports;
  }

  private static void collect(JsonNode config, Map<String, Integer> ports) {
    for (String property : PORT_PROPERTIES) {
      JsonNode node = config;
      for (String part : property.split("\\.")) {
        node = node == null ? null : node.get(part);
      }
      if (node != null && node.canConvertToInt()) {
        ports.put(property, node.asInt());
      }
    }
  }

  /**
   * Waits for the process to end, as the kubelet waits for an init container: its exit status, or a
   * failure with the end of its log if it is still running after {@code timeout}.
   */
  int awaitExit(String name, Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout.toSeconds() + " s:\n" + tail());
    }
    return process.exitValue();
  }

  /** Polls the probe as the kubelet would until 200, or fails with the end of the service's log. */
  void awaitOk(String deployable, PodSpec.Probe probe, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(deployable + " exited (" + process.exitValue() + ") before " + probe.path()
            + " answered 200:\n" + tail());
      }
      try {
        HttpResponse<String> response = get(probe);
        if (response.statusCode() == 200) {
          return;
        }
        if (response.statusCode() == 404) { // the server is up and has no such path: it never will
          throw new AssertionError(deployable + ": " + probe.path() + " on port " + probe.port() + " answers 404 (no"
              + " such endpoint: a wrong probe path, or the health group is not exposed):\n" + tail());
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(deployable + ": " + probe.path() + " on port " + probe.port() + " did not answer 200 within "
        + timeout.toSeconds() + " s (last: " + last + "):\n" + tail());
  }

  HttpResponse<String> get(PodSpec.Probe probe) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + ports.get(probe.port()) + probe.path());
    // Not the probes' 2 s: on a shared two-core machine a just-started JVM may answer late; what the
    // test judges is the status, and a path that is wrong answers 404 at once.
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The service's threads (jcmd Thread.print), for a request that hangs: where it waits. */
  String threadDump() {
    try {
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
      String dump = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      jcmd.waitFor(20, TimeUnit.SECONDS);
      return dump;
    } catch (IOException e) {
      return "no thread dump: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "no thread dump: interrupted";
    }
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM, as the kubelet stops a container
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
