package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The manifests start the services: each deployable's rendered production Deployment (args, env with
 * its ConfigMap and Secret refs resolved, every mounted file) is laid out on this machine and its
 * real jar started with exactly that, against local stand-ins for what operators run
 * ({@link LocalPlatform}); then the Deployment's own readiness probe must answer 200, and its liveness
 * and startup probes too. A misspelt property in a ConfigMap, a missing env var, a wrong probe path
 * or port fails here. The edits the test makes are printed per service ({@link ServicePod}).
 *
 * <p>Keysets (provider kms) are made by the service itself on a first start with
 * {@code create-if-missing=true} against the Vault stand-in (in production they are made offline and
 * come from the secret store); disclosure's public grant keyset is written by that first start for
 * identity-service's mount. Services are started one at a time: the machine has two cores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestsStartTheServicesTest {

  private static final Duration START = Duration.ofSeconds(120);
  private Path root;
  private LocalPlatform platform;
  private Manifests production;

  @BeforeAll
  void startPlatform() throws Exception {
    production = Manifests.overlay("production");
    ServiceProcess.jar("gateway"); // fails first, with the message, when the jars are not built
    root = Files.createTempDirectory("idnet-pods");
    platform = new LocalPlatform(root);
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
  @ValueSource(strings = {"disclosure-service", "identity-service", "phone-otp-service", "gateway"})
  void devDeploymentRunsTheSameContainerAsProduction(String deployable) {
    PodSpec dev = PodSpec.of(Manifests.overlay("dev").deployment(deployable));
    PodSpec prod = PodSpec.of(production.deployment(deployable));
    assertThat(dev.command()).isEqualTo(prod.command());
    assertThat(dev.args()).isEqualTo(prod.args());
    assertThat(dev.env()).isEqualTo(prod.env());
    assertThat(dev.ports()).isEqualTo(prod.ports());
    assertThat(dev.probes()).isEqualTo(prod.probes());
    assertThat(dev.mounts().stream().map(m -> m.path() + " " + unhashed(m.source())).toList())
        .isEqualTo(prod.mounts().stream().map(m -> m.path() + " " + unhashed(m.source())).toList());
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

  // In this order: disclosure's first start writes the public grant keyset identity-service mounts.
  @ParameterizedTest
  @ValueSource(strings = {"disclosure-service", "identity-service", "phone-otp-service", "gateway"})
  void productionDeploymentStartsItsServiceReady(String deployable) throws Exception {
    long started = System.nanoTime();
    ServicePod pod = new ServicePod(PodSpec.of(production.deployment(deployable)), production, platform,
        root.resolve("production").resolve(deployable));
    pod.writeVolumes();
    // target/process-logs/ManifestsStartTheServicesTest-<deployable>[-first-start].log, read by the build's log scan.
    Path logs = Files.createDirectories(Path.of(System.getProperty("idnet.process-logs",
        Kustomize.MODULE.resolve("target/process-logs").toString())));
    String log = getClass().getSimpleName() + "-" + deployable;
    if (!deployable.equals("gateway") && !deployable.equals("phone-otp-service")) {
      String service = deployable.replace("-service", "");
      List<String> first = new ArrayList<>(List.of("--idnet." + service + ".keys.create-if-missing=true"));
      if (service.equals("disclosure")) {
        first.add("--idnet.disclosure.keys.grant-public-keyset-file="
            + platform.provisioned("disclosure-grant-public-keyset").resolve("grant-signing-public-keyset.json"));
      }
      try (ServiceProcess provisioning = ServiceProcess.start(pod, first, logs.resolve(log + "-first-start.log"))) {
        provisioning.awaitOk(deployable + " (first start, making keysets)", pod.spec.probes().get("readinessProbe"), START);
      }
      pod.substitutions.add("keysets: made by a first start with " + first + " against the Vault stand-in");
    }
    // One addition: /actuator/configprops, to see that every ConfigMap key was bound (BoundProperties).
    String exposure = "--management.endpoints.web.exposure.include=health,prometheus,configprops";
    pod.substitutions.add("added " + exposure);
    try (ServiceProcess service = ServiceProcess.start(pod, List.of(exposure), logs.resolve(log + ".log"))) {
      PodSpec.Probe readiness = pod.spec.probes().get("readinessProbe");
      service.awaitOk(deployable, readiness, START);
      for (String probe : List.of("livenessProbe", "startupProbe", "readinessProbe")) {
        PodSpec.Probe p = pod.spec.probes().get(probe);
        assertThat(service.get(p).statusCode()).as("%s %s %s", deployable, probe, p.path()).isEqualTo(200);
      }
      var configprops = service.get(new PodSpec.Probe("/actuator/configprops", readiness.port()));
      assertThat(configprops.statusCode()).as("%s /actuator/configprops", deployable).isEqualTo(200);
      assertThat(BoundProperties.unbound(pod.configFiles, Manifests.JSON.readTree(configprops.body())))
          .as("%s: keys of its ConfigMap that no configuration property of the service binds (misspelt?)", deployable)
          .isEmpty();
    }
    System.out.printf("%s started ready from the production overlay in %d s; substitutions:%n  %s%n", deployable,
        Duration.ofNanos(System.nanoTime() - started).toSeconds(), String.join("\n  ", pod.substitutions));
  }
}
