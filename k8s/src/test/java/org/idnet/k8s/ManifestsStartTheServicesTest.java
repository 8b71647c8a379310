package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The manifests start the services: each deployable's rendered production Deployment is laid out on
 * this machine (args, env with its ConfigMap and Secret refs resolved, every mounted file) and run as
 * the kubelet runs it, against local stand-ins for what operators run ({@link LocalPlatform}):
 * <ol>
 *   <li>every init container first, to completion: the {@code migrate} containers must exit 0 with
 *       their {@code migrate-only: schema at version N} line, as the schema owner from the owner's
 *       Secret, with the keysets and the Vault Kubernetes login of the pod;</li>
 *   <li>then the service's container, on the migrated schema, as the application role with the
 *       password of its Secret (scram, the clusters' own pg_hba): the Deployment's readiness probe
 *       must answer 200, its liveness and startup probes too, {@code /actuator/health} (which asks
 *       PostgreSQL, where the service has one) 200, and every key of its ConfigMaps must be bound; the
 *       gateway's public port answers HTTPS only (TLS 1.3), with the certificate of its manifest,
 *       verified as the edge verifies it (the CA Secret of the Ingress's {@code proxy-ssl-secret}); the web's
 *       too (host www), whose landing page answers there with its own headers;</li>
 *   <li>the issuer's keys come over TLS from the in-cluster address the manifests name
 *       ({@code keycloak-service:8443}, verified with the CA they mount): identity-service fetches and
 *       archives them at start (a row in {@code issuer_keys}, written by the application role), the
 *       gateway when a token arrives (over its HTTPS port). disclosure-service fetches them only for a call with evidence,
 *       which needs its mutual-TLS gRPC port: not exercised here.</li>
 * </ol>
 * A misspelt property, a missing env var, a wrong probe path, role, password, Secret key or CA fails
 * here. The edits the test makes are printed per service ({@link ServicePod}). Services start one at
 * a time: the machine has two cores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestsStartTheServicesTest {

  private static final Duration START = Duration.ofSeconds(120);
  private static final List<String> LEGAL_BASIS = List.of("--idnet.disclosure.legal-bases[0].code=TEST-BASIS",
      "--idnet.disclosure.legal-bases[0].title=Test basis", "--idnet.disclosure.legal-bases[0].allowed-fields=FULL_NAME");
  private static final Pattern MIGRATED = Pattern.compile("migrate-only: schema at version (\\d+)");
  /**
   * ConfigMap keys a service reads with {@code @Value}, which {@code /actuator/configprops} does not list:
   * each is checked instead through {@code /actuator/env/<key>}, which resolves exactly that name, to come
   * from the mounted file with the manifests' value (a misspelt key would leave the jar's default).
   */
  private static final java.util.Map<String, List<String>> READ_BY_VALUE = java.util.Map.of(
      "identity-service", List.of("idnet.identity.hosted.pages-url"));
  private Path root;
  private LocalPlatform platform;
  private Manifests production;

  @BeforeAll
  void startPlatform() throws Exception {
    production = Manifests.overlay("production");
    ServiceProcess.jar("gateway"); // fails first, with the message, when the jars are not built
    root = Files.createTempDirectory("idnet-pods");
    platform = new LocalPlatform(root, production);
  }

  @AfterAll
  void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  /**
   * Dev is not started again: its Deployments differ from production's only in replicas, resources and
   * the values of environment.yml (host names, which the start test rewrites anyway). This holds that.
   */
  @ParameterizedTest
  @ValueSource(strings = {"disclosure-service", "identity-service", "phone-otp-service", "webhook-dispatcher", "gateway",
      "web"})
  void devDeploymentRunsTheSameContainersAsProduction(String deployable) {
    ObjectNode devDeployment = Manifests.overlay("dev").deployment(deployable);
    ObjectNode prodDeployment = production.deployment(deployable);
    PodSpec dev = PodSpec.of(devDeployment);
    PodSpec prod = PodSpec.of(prodDeployment);
    assertThat(dev.command()).isEqualTo(prod.command());
    assertThat(dev.args()).isEqualTo(prod.args());
    assertThat(dev.env()).isEqualTo(prod.env());
    assertThat(dev.ports()).isEqualTo(prod.ports());
    assertThat(dev.probes()).isEqualTo(prod.probes());
    assertThat(dev.mounts().stream().map(m -> m.path() + " " + unhashed(m.source())).toList())
        .isEqualTo(prod.mounts().stream().map(m -> m.path() + " " + unhashed(m.source())).toList());
    assertThat(PodSpec.initContainers(devDeployment).stream().map(p -> p.deployable() + p.env() + p.args()).toList())
        .isEqualTo(PodSpec.initContainers(prodDeployment).stream().map(p -> p.deployable() + p.env() + p.args())
            .toList());
    assertThat(Manifests.overlay("dev").get("ConfigMap", configMap(dev)).path("data").path("application.yml"))
        .isEqualTo(production.get("ConfigMap", configMap(prod)).path("data").path("application.yml"));
  }

  private static String configMap(PodSpec pod) {
    return pod.mounts().stream().filter(m -> m.path().equals("/etc/idnet/config")).findFirst().orElseThrow()
        .source().path("configMap").path("name").asText();
  }

  private static String unhashed(com.fasterxml.jackson.databind.JsonNode volume) {
    return volume.toString().replaceAll("-config-[a-z0-9]{10}\"", "-config\"");
  }

  /**
   * The stand-in PostgreSQL enforces what CloudNativePG would: each login role's password from its
   * Secret (scram-sha-256) and the clusters' pg_hba (a role only on its own database).
   */
  @Test
  void theDatabaseTakesOnlyTheSecretsPasswordsAndTheClustersRules() {
    assertThat(platform.databaseLogins).containsKeys("idnet_identity_app", "idnet_identity_owner",
        "idnet_disclosure_app", "idnet_disclosure_owner");
    String app = platform.databaseLogins.get("idnet_identity_app");
    assertThat(connects("identity", "idnet_identity_app", app)).isEmpty();
    assertThat(connects("identity", "idnet_identity_app", app + "x"))
        .hasValueSatisfying(m -> assertThat(m).contains("password authentication failed"));
    assertThat(connects("identity", "idnet_disclosure_app", platform.databaseLogins.get("idnet_disclosure_app")))
        .hasValueSatisfying(m -> assertThat(m).contains("rejects connection"));
  }

  private Optional<String> connects(String database, String user, String password) {
    try (Connection c = DriverManager.getConnection(platform.postgres.jdbcUrl(database), user, password)) {
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of(String.valueOf(e.getMessage()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"disclosure-service", "identity-service", "phone-otp-service", "webhook-dispatcher", "gateway",
      "web"})
  void productionDeploymentRunsItsInitContainersThenStartsItsServiceReady(String deployable) throws Exception {
    long started = System.nanoTime();
    ObjectNode deployment = production.deployment(deployable);
    Path podRoot = root.resolve("production").resolve(deployable);
    // target/process-logs/ManifestsStartTheServicesTest-<container>.log, read by the build's log scan.
    Path logs = Files.createDirectories(Path.of(System.getProperty("idnet.process-logs",
        Kustomize.MODULE.resolve("target/process-logs").toString())));
    for (PodSpec init : PodSpec.initContainers(deployment)) {
      runToCompletion(init, podRoot, logs);
    }
    ServicePod pod = new ServicePod(PodSpec.of(deployment), production, platform, podRoot);
    pod.writeVolumes();
    // Production ships no legal-basis catalogue (the operator's reviewed one goes into its environment.yml;
    // without it disclosure-service refuses to start): one test entry stands in for it here.
    List<String> args = new ArrayList<>(deployable.equals("disclosure-service") ? LEGAL_BASIS : List.of());
    if (!args.isEmpty()) {
      pod.substitutions.add("the operator's legal-basis catalogue: " + args);
    }
    // Two additions: /actuator/configprops, to see that every ConfigMap key was bound (BoundProperties),
    // and the health components, so that a failure says which store is down.
    String exposure = "--management.endpoints.web.exposure.include=health,prometheus,configprops,env";
    String components = "--management.endpoint.health.show-components=always";
    String values = "--management.endpoint.env.show-values=always";
    pod.substitutions.add("added " + exposure + " " + components + " " + values);
    args.addAll(List.of(exposure, components, values));
    int jwksBefore = platform.issuer.served();
    try (ServiceProcess service = ServiceProcess.start(pod, args,
        logs.resolve("ManifestsStartTheServicesTest-" + deployable + ".log"))) {
      PodSpec.Probe readiness = pod.spec.probes().get("readinessProbe");
      service.awaitOk(deployable, readiness, START);
      for (String probe : List.of("livenessProbe", "startupProbe", "readinessProbe")) {
        PodSpec.Probe p = pod.spec.probes().get(probe);
        assertThat(probe(deployable, service, p).statusCode()).as("%s %s %s", deployable, probe, p.path())
            .isEqualTo(200);
      }
      // Tried like a probe (up to 3 times): on this shared machine a request now and then gets no answer.
      HttpResponse<String> health = probe(deployable, service, new PodSpec.Probe("/actuator/health", readiness.port()));
      assertThat(health.statusCode()).as("%s /actuator/health (its stores): %s", deployable, health.body())
          .isEqualTo(200);
      var configprops = service.get(new PodSpec.Probe("/actuator/configprops", readiness.port()));
      assertThat(configprops.statusCode()).as("%s /actuator/configprops", deployable).isEqualTo(200);
      List<String> byValue = READ_BY_VALUE.getOrDefault(deployable, List.of());
      assertThat(BoundProperties.unbound(pod.configFiles, Manifests.JSON.readTree(configprops.body())))
          .as("%s: keys of its ConfigMap that no configuration property of the service binds (misspelt?)", deployable)
          .isSubsetOf(byValue);
      for (String key : byValue) {
        var env = Manifests.JSON.readTree(service.get(new PodSpec.Probe("/actuator/env/" + key, readiness.port())).body());
        String expected = SpringConfig.of(production, deployment).get(key).orElseThrow();
        assertThat(env.at("/property/value").asText()).as("%s %s (read with @Value)", deployable, key)
            .isEqualTo(platform.rewrite(expected));
        assertThat(env.at("/property/source").asText()).as("%s %s comes from the mounted ConfigMap", deployable, key)
            .contains("/etc/idnet/config/environment.yml");
      }
      if (deployable.equals("web")) {
        // Its outbound HTTPS trusts the two CAs the pod mounts (read at start: a missing file or one
        // without a certificate would have stopped it above).
        var trust = Manifests.JSON.readTree(service.get(
            new PodSpec.Probe("/actuator/env/idnet.web.trust-file", readiness.port())).body());
        assertThat(trust.at("/property/value").asText()).as("web idnet.web.trust-file")
            .contains("/etc/idnet/gateway-ca/ca.crt").contains("/etc/idnet/issuer-ca/ca.crt");
      }
      if (pod.spec.ports().containsKey("https")) {
        publicPortIsHttpsOnly(deployable, service.ports.get(pod.spec.ports().get("https")));
      }
      issuerKeysOverTls(deployable, pod, service, jwksBefore);
    }
    System.out.printf("%s: init containers and service started from the production overlay in %d s; substitutions:"
        + "%n  %s%n", deployable, Duration.ofNanos(System.nanoTime() - started).toSeconds(),
        String.join("\n  ", pod.substitutions));
  }

  /**
   * One probe as the kubelet judges it: a probe that gets no answer is tried again (the kubelet acts
   * only after failureThreshold misses, 3 by default), since a request to a just-started JVM on this
   * shared two-core machine now and then gets none; three without an answer fail, with the threads.
   */
  private static HttpResponse<String> probe(String deployable, ServiceProcess service, PodSpec.Probe probe)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return service.get(probe);
      } catch (java.net.http.HttpTimeoutException e) {
        if (attempt == 3) {
          throw new AssertionError(deployable + ": " + probe.path() + " did not answer 3 times; its threads:\n"
              + service.threadDump(), e);
        }
      }
    }
  }

  /** An init container, as the kubelet runs it before the service: to exit 0; migrate's schema line and version. */
  private void runToCompletion(PodSpec init, Path podRoot, Path logs) throws Exception {
    ServicePod pod = new ServicePod(init, production, platform, podRoot);
    pod.writeVolumes();
    Path log = logs.resolve("ManifestsStartTheServicesTest-" + init.deployable().replace('/', '-') + ".log");
    try (ServiceProcess process = ServiceProcess.start(pod, List.of(), log)) {
      assertThat(process.awaitExit(init.deployable(), START)).as("%s exit status:%n%s", init.deployable(),
          process.tail()).isZero();
      if ("true".equals(pod.env.get("IDNET_DB_MIGRATE_ONLY"))) {
        // The log gathers earlier runs too: this run's line is the last.
        Matcher migrated = MIGRATED.matcher(Files.readString(log));
        String version = null;
        while (migrated.find()) {
          version = migrated.group(1);
        }
        assertThat(version).as("%s logs its schema version:%n%s", init.deployable(), process.tail()).isNotNull();
        String database = URI.create(pod.env.getOrDefault("SPRING_DATASOURCE_URL", jdbcUrl(init)).substring(5))
            .getPath().substring(1);
        assertThat(version).as("%s: the version it reports is the database's", init.deployable())
            .isEqualTo(schemaVersion(database));
      }
    }
    System.out.printf("%s ran to completion; substitutions:%n  %s%n", init.deployable(),
        String.join("\n  ", pod.substitutions));
  }

  private String jdbcUrl(PodSpec init) {
    return SpringConfig.of(production, production.deployment(init.jarOf())).get("spring.datasource.url").orElseThrow();
  }

  private String schemaVersion(String database) throws Exception {
    try (Connection c = DriverManager.getConnection(platform.postgres.jdbcUrl(database), platform.postgres.user(),
        platform.postgres.password()); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT max(version::int) FROM flyway_schema_history WHERE success")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * The gateway's public port as the edge reaches it: HTTPS, TLS 1.3, its certificate (the Secret of its
   * Certificate, from that ClusterIssuer's CA) verified by host name against the CA Secret the edge's
   * Ingress names ({@code proxy-ssl-secret}); plain HTTP is refused.
   */
  private void publicPortIsHttpsOnly(String deployable, int https) throws Exception {
    if (deployable.equals("web")) {
      // The web's landing page, which needs no gateway: its own page (its CSP) over the manifests' TLS.
      var page = PublicHttps.get(edgeTrust(deployable), https, "/", List.of());
      assertThat(page.statusCode()).as("%s / over HTTPS", deployable).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Security-Policy")).as("%s / CSP", deployable).get()
          .asString().contains("default-src 'none'");
      assertThat(page.headers().firstValue("Strict-Transport-Security")).as("%s / HSTS outside the sandbox", deployable)
          .isPresent();
    }
    var answer = PublicHttps.get(edgeTrust(deployable), https, "/v1/legal-bases", List.of());
    assertThat(answer.statusCode()).as("%s over HTTPS", deployable).isBetween(200, 499);
    assertThat(answer.sslSession()).get().extracting(javax.net.ssl.SSLSession::getProtocol).isEqualTo("TLSv1.3");
    assertThat(PublicHttps.answersPlainHttp(https)).as("%s answers plain HTTP on its public port", deployable).isFalse();
  }

  /** The CA the edge verifies {@code service} with: the Secret of its Ingress's proxy-ssl-secret annotation. */
  private java.security.cert.X509Certificate edgeTrust(String service) {
    for (ObjectNode ingress : production.ofKind("Ingress")) {
      for (var rule : ingress.at("/spec/rules")) {
        for (var path : rule.at("/http/paths")) {
          if (path.at("/backend/service/name").asText().equals(service)) {
            String secret = ingress.at("/metadata/annotations").path("nginx.ingress.kubernetes.io/proxy-ssl-secret")
                .asText();
            assertThat(secret).as("Ingress %s verifies %s with a CA Secret", Manifests.name(ingress), service)
                .startsWith("idnet/");
            return platform.caCertificate(secret.substring("idnet/".length()));
          }
        }
      }
    }
    throw new AssertionError("no Ingress routes to " + service);
  }

  /** The issuer's keys fetched over TLS from the in-cluster address, where the service fetches them unasked. */
  private void issuerKeysOverTls(String deployable, ServicePod pod, ServiceProcess service, int before)
      throws Exception {
    switch (deployable) {
      case "identity-service" -> {
        awaitJwks(deployable, before, service);
        assertThat(count("identity", "SELECT count(*) FROM issuer_keys")).as("issuer keys archived by " + deployable)
            .isPositive();
      }
      case "gateway" -> {
        String token = platform.keycloak.issueToken("idnet", "platform-a", "idnet").serialize();
        int https = service.ports.get(pod.spec.ports().get("https"));
        PublicHttps.get(edgeTrust(deployable), https, "/v1/verifications/unknown",
            List.of("Authorization", "Bearer " + token));
        awaitJwks(deployable, before, service);
      }
      default -> {
        // phone-otp-service verifies no token; disclosure-service fetches keys for evidence only (see above).
      }
    }
  }

  private void awaitJwks(String deployable, int before, ServiceProcess service) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (platform.issuer.served() == before && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(platform.issuer.served()).as("%s fetched the issuer's JWKS over TLS from the in-cluster address:%n%s",
        deployable, service.tail()).isGreaterThan(before);
  }

  private long count(String database, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(platform.postgres.jdbcUrl(database), platform.postgres.user(),
        platform.postgres.password()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
