package org.idnet.keycloak.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real Keycloak server (the distribution from Maven Central that the build unpacks under
 * {@code keycloak/target/keycloak-server/}) run as a child process in development mode, with a realm
 * imported at its first start. Each instance runs from its own copy of the distribution in its
 * instance folder, so its database, its build of Keycloak and its realm survive a restart (a later
 * start takes seconds, not a minute) and two instances never share files.
 */
public final class KeycloakServer implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final Settings settings;
  private final Process process;
  private final Path log;

  /**
   * @param home the repository root (where {@code keycloak/target/keycloak-server/} is)
   * @param instance this server's folder: its copy of the distribution, database and log
   * @param javaHome a JDK 21 or newer
   * @param port HTTP port of the issuer and the admin console (bound to loopback)
   * @param managementPort port of Keycloak's health endpoints (bound to loopback)
   * @param realm the realm to import at the first start
   * @param adminUser the temporary admin of the master realm, created at the first start
   * @param adminPassword its password
   * @param maxHeap the server's maximum heap, e.g. {@code 512m}
   */
  public record Settings(Path home, Path instance, Path javaHome, int port, int managementPort, JsonNode realm,
      String adminUser, String adminPassword, String maxHeap) {
  }

  private KeycloakServer(Settings settings, Process process, Path log) {
    this.settings = settings;
    this.process = process;
    this.log = log;
  }

  /** Starts the server and returns once its realm answers discovery (or fails with the log's tail). */
  public static KeycloakServer start(Settings settings, Duration timeout) {
    return start(settings, timeout, defaultLog(settings));
  }

  /** As {@link #start(Settings, Duration)}, its output appended to {@code log} (a test's process log). */
  public static KeycloakServer start(Settings settings, Duration timeout, Path log) {
    KeycloakServer keycloak = launch(settings, log);
    try {
      keycloak.awaitReady(timeout);
    } catch (RuntimeException e) {
      keycloak.close();
      throw e;
    }
    return keycloak;
  }

  /** Starts the server without waiting for it: {@link #awaitReady} next (the sandbox starts the services meanwhile). */
  public static KeycloakServer launch(Settings settings) {
    return launch(settings, defaultLog(settings));
  }

  /**
   * As {@link #launch(Settings)}, its output appended to {@code log}: a restart adds to the same
   * file, so whoever reads it (a person, the build's log scan) sees every start.
   */
  public static KeycloakServer launch(Settings settings, Path log) {
    Path server = Distribution.prepare(settings.home(), settings.instance().resolve("server"));
    try {
      Path imports = Files.createDirectories(server.resolve("data").resolve("import"));
      new ObjectMapper().writeValue(imports.resolve(settings.realm().path("realm").asText() + "-realm.json").toFile(),
          settings.realm());
      Files.createDirectories(log.toAbsolutePath().getParent());
      List<String> command = new ArrayList<>(List.of(server.resolve("bin").resolve("kc.sh").toString(), "start-dev",
          "--http-host=127.0.0.1", "--http-port=" + settings.port(),
          "--http-management-port=" + settings.managementPort(), "--health-enabled=true",
          "--import-realm", "--log-console-color=false",
          // Every request in the log: the sandbox and the tests can see that checked requests never reach Keycloak.
          "--http-access-log-enabled=true"));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Map<String, String> env = builder.environment();
      env.put("JAVA_HOME", settings.javaHome().toString());
      env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx" + settings.maxHeap());
      env.put("KC_BOOTSTRAP_ADMIN_USERNAME", settings.adminUser());
      env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", settings.adminPassword());
      return new KeycloakServer(settings, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start Keycloak in " + server, e);
    }
  }

  private static Path defaultLog(Settings settings) {
    return settings.instance().resolve("keycloak.log");
  }

  /** Waits until the realm answers discovery; fails early, with the log's tail, if the server exits. */
  public void awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
        .timeout(Duration.ofSeconds(2)).build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; end of " + log + ":\n" + tail());
      }
      try {
        if (HTTP.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Keycloak", e);
      }
      sleep(250);
    }
    throw new IllegalStateException("Keycloak was not ready within " + timeout.toSeconds() + " s; end of " + log + ":\n" + tail());
  }

  /** The base URL, e.g. {@code http://localhost:8180}. */
  public String url() {
    return "http://localhost:" + settings.port();
  }

  /** The issuer of the imported realm, e.g. {@code http://localhost:8180/realms/idnet}. */
  public String issuer() {
    return url() + "/realms/" + settings.realm().path("realm").asText();
  }

  /** Keycloak's token endpoint of the imported realm. */
  public String tokenEndpoint() {
    return issuer() + "/protocol/openid-connect/token";
  }

  public Path log() {
    return log;
  }

  /** Stops the server (SIGTERM through the launcher script, then by force) and waits for it. */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      for (ProcessHandle child : children) {
        child.onExit().get(20, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      children.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The Keycloak version this build unpacked (from the module's filtered properties). */
  public static String version() {
    try (InputStream in = KeycloakServer.class.getResourceAsStream("/idnet-keycloak.properties")) {
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("keycloak.version");
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("idnet-keycloak.properties is missing: build the keycloak module", e);
    }
  }
}
