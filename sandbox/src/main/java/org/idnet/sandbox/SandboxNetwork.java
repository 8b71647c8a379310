package org.idnet.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.idnet.keycloak.realm.DevelopmentRealm;
import org.idnet.keycloak.realm.Realm;
import org.idnet.keycloak.server.KeycloakServer;
import org.idnet.stores.LocalPostgres;
import org.idnet.stores.LocalRedis;

/**
 * The whole network on this machine: embedded PostgreSQL and Redis (data in the data folder),
 * the OIDC issuer, the four services and the gateway as child processes, talking mutual TLS
 * with the sandbox's own certificates ({@link SandboxCertificates}), every gRPC and management
 * port on loopback. Closing it stops every process it started, in reverse order.
 */
public final class SandboxNetwork implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  /** Keycloak's first start builds it for development mode and creates its database: a minute here. */
  private static final Duration KEYCLOAK_READY_TIMEOUT = Duration.ofSeconds(240);
  private static final String KEYCLOAK_HEAP = "384m";

  private final SandboxSettings settings;
  private final Map<String, List<String>> extraArguments;
  private final ProcessLogs logs;
  /** The light issuer's realm; null: the development realm. */
  private final Realm realm;
  private LocalPostgres postgres;
  private LocalRedis redis;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final List<ServiceProcess> services = new ArrayList<>();
  private String issuerUrl;
  private String tokenEndpoint;
  private Runnable issuerReady = () -> { };
  private AutoCloseable issuer;
  private Path tls;
  private SandboxWebhookReceiver receiver;
  private SandboxPlatformPage samplePlatform;
  /** Where every gRPC and management port of the sandbox listens. */
  static final String LOOPBACK = "127.0.0.1";

  private SandboxNetwork(SandboxSettings settings, Map<String, List<String>> extraArguments, ProcessLogs logs,
      Realm realm) {
    this.settings = settings;
    this.extraArguments = Map.copyOf(extraArguments);
    this.logs = logs;
    this.realm = realm;
  }

  public static SandboxNetwork start(SandboxSettings settings) throws Exception {
    return start(settings, Map.of());
  }

  /**
   * Starts the network with extra {@code --name=value} arguments for some processes, by name
   * ({@code gateway}, {@code identity-service}, ...); they come last, so they override the
   * sandbox's own (the benchmarks raise the gateway's rate limits this way).
   */
  public static SandboxNetwork start(SandboxSettings settings, Map<String, List<String>> extraArguments) throws Exception {
    return start(settings, extraArguments, ProcessLogs.in(settings.data().resolve("logs")));
  }

  /**
   * As {@link #start(SandboxSettings, Map)}, every process's output (the services' and Keycloak's)
   * appended to its file of {@code logs}: a test passes {@link ProcessLogs#ofTest}.
   */
  public static SandboxNetwork start(SandboxSettings settings, Map<String, List<String>> extraArguments,
      ProcessLogs logs) throws Exception {
    return start(settings, extraArguments, logs, null);
  }

  /**
   * As {@link #start(SandboxSettings, Map, ProcessLogs)}, the light issuer serving {@code realm}
   * (null: the development realm): the fault suite adds a second supervisor of an agency.
   */
  public static SandboxNetwork start(SandboxSettings settings, Map<String, List<String>> extraArguments,
      ProcessLogs logs, Realm realm) throws Exception {
    SandboxNetwork network = new SandboxNetwork(settings, extraArguments, logs, realm);
    try {
      network.startAll();
      return network;
    } catch (Exception | Error e) {
      network.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    Path data = settings.data();
    Files.createDirectories(data.resolve("postgres").getParent());
    Files.createDirectories(data.resolve("redis"));
    // Stores and issuer in parallel with nothing: they are quick; the JVMs are what takes time.
    postgres = LocalPostgres.embedded(data.resolve("postgres"), settings.postgresPort());
    started.add(postgres);
    postgres.createDatabase("identity");
    postgres.createDatabase("disclosure");
    postgres.createDatabase("webhooks");
    // Each service runs as a role that owns nothing (no UPDATE or DELETE on the audit log or the
    // append-only tables, no dropping their triggers); the schema is migrated by the owning
    // (superuser) login. A data folder from before identity-service's split works as it is: its
    // tables belong to that same login, and identity's migration V8 grants the new role its rights.
    postgres.ensureLoginRole(SandboxSettings.DISCLOSURE_APP_ROLE, SandboxSettings.DISCLOSURE_APP_PASSWORD);
    postgres.ensureLoginRole(SandboxSettings.IDENTITY_APP_ROLE, SandboxSettings.IDENTITY_APP_PASSWORD);
    postgres.ensureLoginRole(SandboxSettings.WEBHOOKS_APP_ROLE, SandboxSettings.WEBHOOKS_APP_PASSWORD);
    redis = LocalRedis.embedded(data.resolve("redis"), settings.redisPort());
    started.add(redis);
    startIssuer(data);
    tls = SandboxCertificates.ensure(data);

    String sandbox = "--spring.profiles.active=sandbox";
    // The officials' tokens the gateway verifies are evidence disclosure and identity check again.
    String evidenceIssuer = "--idnet.evidence.issuer-uri=" + issuerUrl;
    ServiceProcess identity = launch(ServiceProcess.start("identity-service", settings.jar("identity-service"),
        settings.identityHttpPort(), arguments("identity-service", service("identity-service", settings.identityGrpcPort(),
            sandbox,
            "--spring.datasource.url=" + postgres.jdbcUrl("identity"),
            "--spring.datasource.username=" + SandboxSettings.IDENTITY_APP_ROLE,
            "--spring.datasource.password=" + SandboxSettings.IDENTITY_APP_PASSWORD,
            "--spring.flyway.user=" + postgres.user(),
            "--spring.flyway.password=" + postgres.password(),
            "--idnet.identity.keys.directory=" + data.resolve("keys"),
            "--idnet.identity.disclosure-grants.public-keyset-file=" + grantPublicKeyset(data), evidenceIssuer,
            "--idnet.identity.cache.redis-url=" + redis.uri(),
            // A session's launch address names the sandbox's web, on its own port.
            "--idnet.identity.hosted.pages-url=" + webUrl())), logs.of("identity-service")));
    ServiceProcess otp = launch(ServiceProcess.start("phone-otp-service", settings.jar("phone-otp-service"),
        settings.otpHttpPort(), arguments("phone-otp-service", service("phone-otp-service", settings.otpGrpcPort(),
            sandbox,
            "--idnet.otp.redis-url=" + redis.uri(),
            "--idnet.otp.identity-target=" + LOOPBACK + ":" + settings.identityGrpcPort())), logs.of("phone-otp-service")));
    ServiceProcess disclosure = launch(ServiceProcess.start("disclosure-service", settings.jar("disclosure-service"),
        settings.disclosureHttpPort(), arguments("disclosure-service", service("disclosure-service",
            settings.disclosureGrpcPort(), sandbox,
            "--spring.datasource.url=" + postgres.jdbcUrl("disclosure"),
            "--spring.datasource.username=" + SandboxSettings.DISCLOSURE_APP_ROLE,
            "--spring.datasource.password=" + SandboxSettings.DISCLOSURE_APP_PASSWORD,
            "--spring.flyway.user=" + postgres.user(),
            "--spring.flyway.password=" + postgres.password(),
            "--idnet.disclosure.keys.directory=" + data.resolve("keys").resolve("disclosure"),
            "--idnet.disclosure.keys.grant-public-keyset-file=" + grantPublicKeyset(data),
            "--idnet.disclosure.identity.target=" + LOOPBACK + ":" + settings.identityGrpcPort(), evidenceIssuer)),
        logs.of("disclosure-service")));
    ServiceProcess webhooks = launch(ServiceProcess.start("webhook-dispatcher", settings.jar("webhook-dispatcher"),
        settings.webhooksHttpPort(), arguments("webhook-dispatcher", service("webhook-dispatcher",
            settings.webhooksGrpcPort(), sandbox,
            "--spring.datasource.url=" + postgres.jdbcUrl("webhooks"),
            "--spring.datasource.username=" + SandboxSettings.WEBHOOKS_APP_ROLE,
            "--spring.datasource.password=" + SandboxSettings.WEBHOOKS_APP_PASSWORD,
            "--spring.flyway.user=" + postgres.user(),
            "--spring.flyway.password=" + postgres.password(),
            "--idnet.webhooks.keys.directory=" + data.resolve("keys").resolve("webhooks"),
            "--idnet.webhooks.sources.identity.target=" + LOOPBACK + ":" + settings.identityGrpcPort(),
            "--idnet.webhooks.sources.disclosure.target=" + LOOPBACK + ":" + settings.disclosureGrpcPort())),
        logs.of("webhook-dispatcher")));
    receiver = SandboxWebhookReceiver.start(settings.webhookReceiverPort());
    started.add(receiver);
    ServiceProcess gateway = launch(ServiceProcess.start("gateway", settings.jar("gateway"),
        settings.gatewayPort(), settings.gatewayManagementPort(), arguments("gateway", List.of(sandbox,
            "--idnet.tls.directory=" + tlsDirectory("gateway"),
            "--management.server.port=" + settings.gatewayManagementPort(),
            "--management.server.address=" + LOOPBACK,
            "--idnet.gateway.jwt.issuer-uri=" + issuerUrl,
            "--spring.data.redis.url=" + redis.uri(),
            "--idnet.gateway.backends.phone-otp.target=" + LOOPBACK + ":" + settings.otpGrpcPort(),
            "--idnet.gateway.backends.identity.target=" + LOOPBACK + ":" + settings.identityGrpcPort(),
            "--idnet.gateway.backends.disclosure.target=" + LOOPBACK + ":" + settings.disclosureGrpcPort(),
            "--idnet.gateway.backends.webhooks.target=" + LOOPBACK + ":" + settings.webhooksGrpcPort())),
        logs.of("gateway")));
    ServiceProcess web = launch(ServiceProcess.start("web", settings.jar("web"), settings.webPort(),
        settings.webManagementPort(), arguments("web", webArguments(sandbox, data)), logs.of("web")));
    CompletableFuture.allOf(CompletableFuture.runAsync(issuerReady),
        ready(identity), ready(otp), ready(disclosure), ready(webhooks), ready(gateway), ready(web)).join();
    // The sample platform registers its return address through the gateway: after it is ready.
    samplePlatform = SandboxPlatformPage.start(settings.samplePlatformPort(), gatewayUrl(), tokenEndpoint, webUrl());
    started.add(samplePlatform);
  }

  /**
   * The pages (module {@code web}): an API client of the gateway like any other, with the
   * {@code idnet-web} client's development secret, its sessions in the sandbox's Redis sealed with
   * development keys of its own. Its public port, like the gateway's, is the sandbox's face to people.
   */
  private List<String> webArguments(String sandbox, Path data) {
    List<String> arguments = new ArrayList<>(webBaseArguments(sandbox, data));
    if (settings.issuer() == SandboxSettings.IssuerKind.KEYCLOAK) {
      // The agency console needs Keycloak (password and OTP; docs/pages.md section 4): the realm's
      // idnet-console client with its development secret; browser and web both reach the issuer here.
      arguments.add("--idnet.web.console.enabled=true");
      arguments.add("--idnet.web.console.issuer=" + issuerUrl);
      arguments.add("--idnet.web.console.client-secret=idnet-console-secret");
    }
    return arguments;
  }

  private List<String> webBaseArguments(String sandbox, Path data) {
    return List.of(sandbox,
        "--server.address=" + LOOPBACK,
        "--management.server.port=" + settings.webManagementPort(),
        "--management.server.address=" + LOOPBACK,
        "--idnet.web.redis-url=" + redis.uri(),
        "--idnet.web.gateway-url=" + gatewayUrl(),
        "--idnet.web.public-url=" + webUrl(),
        "--idnet.web.token-uri=" + tokenEndpoint,
        "--idnet.web.sessions.keys.directory=" + data.resolve("keys").resolve("web"));
  }

  /**
   * The light issuer in this JVM, or Keycloak as a process with its server and database under
   * {@code keycloak/} in the data folder (its realm is imported at the first start only), its output
   * in the {@code keycloak} log.
   */
  private void startIssuer(Path data) {
    if (settings.issuer() == SandboxSettings.IssuerKind.KEYCLOAK) {
      KeycloakServer keycloak = KeycloakServer.launch(new KeycloakServer.Settings(settings.home(), data.resolve("keycloak"),
          Path.of(System.getProperty("java.home")), settings.issuerPort(), settings.keycloakManagementPort(),
          DevelopmentRealm.withSandboxWebPort(DevelopmentRealm.fromClasspath(), settings.webPort()),
          SandboxSettings.KEYCLOAK_ADMIN, SandboxSettings.KEYCLOAK_ADMIN_PASSWORD,
          KEYCLOAK_HEAP), logs.of("keycloak"));
      started.add(keycloak);
      issuer = keycloak;
      // Ready is awaited with the services': Keycloak's minute-long first start overlaps theirs.
      issuerReady = () -> keycloak.awaitReady(KEYCLOAK_READY_TIMEOUT);
      issuerUrl = keycloak.issuer();
      tokenEndpoint = keycloak.tokenEndpoint();
    } else {
      SandboxIssuer issuer = realm == null ? SandboxIssuer.start(settings.issuerPort())
          : SandboxIssuer.start(settings.issuerPort(), realm);
      started.add(issuer);
      this.issuer = issuer;
      issuerUrl = issuer.issuer();
      tokenEndpoint = issuer.tokenEndpoint();
    }
  }

  /**
   * Where disclosure-service publishes the public half of its grant-signing key and
   * identity-service reads it (it re-reads the file when it changes, so the order in which the two
   * start does not matter).
   */
  private static Path grantPublicKeyset(Path data) {
    return data.resolve("keys").resolve("disclosure").resolve("grant-signing-public-keyset.json");
  }

  /**
   * A service's own arguments after those every service gets: its TLS files, and its gRPC and
   * management ports on loopback only (nothing of the sandbox but the gateway's public port and
   * the issuer is reachable from another machine).
   */
  private List<String> service(String name, int grpcPort, String... own) {
    List<String> all = new ArrayList<>(List.of(
        "--idnet.tls.directory=" + tlsDirectory(name),
        "--spring.grpc.server.port=" + grpcPort,
        "--spring.grpc.server.address=" + LOOPBACK,
        "--server.address=" + LOOPBACK));
    all.addAll(List.of(own));
    return all;
  }

  /**
   * The folder of one process's sandbox TLS files ({@code tls.crt}, {@code tls.key},
   * {@code ca.crt}): the benchmarks' gRPC clients present the gateway's, as the gateway does.
   */
  public Path tlsDirectory(String process) {
    return tls.resolve(process);
  }

  /**
   * A process's arguments, then the extra ones given for it at start. An extra {@code --name=value}
   * replaces the sandbox's own argument of that name rather than following it: Spring joins repeated
   * command-line options with commas ({@code a,b}), which no single-valued setting can read.
   */
  static List<String> arguments(List<String> own, List<String> extra) {
    java.util.Set<String> replaced = new java.util.HashSet<>();
    for (String argument : extra) {
      optionName(argument).ifPresent(replaced::add);
    }
    List<String> all = new ArrayList<>();
    for (String argument : own) {
      if (optionName(argument).filter(replaced::contains).isEmpty()) {
        all.add(argument);
      }
    }
    all.addAll(extra);
    return all;
  }

  private static java.util.Optional<String> optionName(String argument) {
    int equals = argument.indexOf('=');
    return argument.startsWith("--") && equals > 2 ? java.util.Optional.of(argument.substring(2, equals))
        : java.util.Optional.empty();
  }

  private List<String> arguments(String service, List<String> own) {
    return arguments(own, extraArguments.getOrDefault(service, List.of()));
  }

  private ServiceProcess launch(ServiceProcess process) {
    services.add(process);
    return process;
  }

  private static CompletableFuture<Void> ready(ServiceProcess process) {
    return CompletableFuture.runAsync(() -> process.awaitReady(READY_TIMEOUT));
  }

  public SandboxSettings settings() {
    return settings;
  }

  /** Where the processes' output goes. */
  public ProcessLogs logs() {
    return logs;
  }

  public String gatewayUrl() {
    return "http://localhost:" + settings.gatewayPort();
  }

  /** The sandbox's own webhook receiver: register {@code <this>/<any path>} as an endpoint. */
  public String webhookReceiverUrl() {
    return "http://" + LOOPBACK + ":" + settings.webhookReceiverPort();
  }

  /**
   * idnet's own pages ({@code web}: hosted verification, console, transparency): the origin the
   * realm's console redirect URIs and identity-service's launch addresses name.
   */
  public String webUrl() {
    return "http://localhost:" + settings.webPort();
  }

  /** The sample platform's page ({@link SandboxPlatformPage}): "Verify with idnet" as platform-a. */
  public String samplePlatformUrl() {
    return "http://localhost:" + settings.samplePlatformPort();
  }

  public String issuerUrl() {
    return issuerUrl;
  }

  public String tokenEndpoint() {
    return tokenEndpoint;
  }

  /** Stops the OIDC issuer alone (the tests show what still works while it is down). */
  public void stopIssuer() throws Exception {
    issuer.close();
  }

  /** The process id of one service JVM by name ({@code gateway}, {@code identity-service}, ...). */
  public long pid(String service) {
    return process(service).pid();
  }

  /** The embedded PostgreSQL of the network (the fault tests stop and restart it). */
  public LocalPostgres postgres() {
    return postgres;
  }

  /** The embedded Redis of the network (the fault tests stop, pause and restart it). */
  public LocalRedis redis() {
    return redis;
  }

  /** SIGKILLs one service JVM by name: no graceful shutdown, as a crash. */
  public void kill(String service) {
    process(service).kill();
  }

  /**
   * Starts a service again (after {@link #kill}) with the same command line, its output appended to
   * the same log, and waits until it is ready.
   */
  public void restart(String service) {
    ServiceProcess old = process(service);
    if (old.isAlive()) {
      throw new IllegalStateException(service + " is still running");
    }
    ServiceProcess again = old.relaunch();
    services.set(services.indexOf(old), again);
    again.awaitReady(READY_TIMEOUT);
  }

  /** Whether the service's process is alive (false after {@link #kill} until {@link #restart}). */
  public boolean isRunning(String service) {
    return process(service).isAlive();
  }

  private ServiceProcess process(String service) {
    return services.stream().filter(s -> s.name().equals(service)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no process named " + service));
  }

  /** Process ids of the service JVMs (for measuring their memory). */
  public List<Long> servicePids() {
    return services.stream().map(ServiceProcess::pid).toList();
  }

  @Override
  public void close() {
    services.forEach(ServiceProcess::requestStop);
    services.forEach(ServiceProcess::awaitStop);
    services.clear();
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        System.err.println("could not stop " + started.get(i) + ": " + e.getMessage());
      }
    }
    started.clear();
  }
}
