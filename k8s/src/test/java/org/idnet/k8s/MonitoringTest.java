package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * components/monitoring (production): PodMonitors scrape every deployable's management port at
 * /actuator/prometheus, which its configuration exposes; every metric the alerts and the dashboard
 * name is one the code registers or Micrometer/Spring Boot exports ({@link #METRICS}, with where
 * each comes from). Nothing is scraped here: the names are read from the code and from Micrometer's
 * documentation. identity-service's IdentityServiceApplicationTest reads the gRPC, HikariCP, CPU and
 * heap series (with the grpc_status_code and rpc_method labels) from a running service's
 * /actuator/prometheus, and its counters' own tests read idnet's; the histogram buckets
 * (percentiles-histogram, set only in k8s/base) are not scraped anywhere.
 */
class MonitoringTest {

  static final Path ROOT = Kustomize.MODULE.getParent();

  /** webhook-dispatcher's sources: its metrics are named by the alerts; which file registers each is the code's choice. */
  static final String WEBHOOK_METRICS_SOURCE = "webhook-dispatcher/src/main/java";

  /** Prometheus series name -> where it comes from. idnet's own are checked against their source file. */
  static final Map<String, String> METRICS = Map.ofEntries(
      // Prometheus itself, per scrape target.
      Map.entry("up", "Prometheus: 1 when the target's scrape succeeded"),
      // Spring Framework's server observation http.server.requests (Timer); buckets because
      // management.metrics.distribution.percentiles-histogram[http.server.requests] is set in k8s/base/*/application.yml.
      Map.entry("http_server_requests_seconds_count", "Spring Boot/Framework observation http.server.requests"),
      Map.entry("http_server_requests_seconds_bucket", "Spring Boot/Framework observation http.server.requests (histogram on)"),
      // Micrometer's ObservationGrpcServerInterceptor (observation grpc.server, tags grpc.status_code,
      // rpc.method, rpc.service; GrpcObservationDocumentation), registered as a global interceptor by
      // Spring Boot's GrpcServerObservationAutoConfiguration; MutualTlsServerConfiguration applies global interceptors.
      Map.entry("grpc_server_seconds_count", "Micrometer ObservationGrpcServerInterceptor (grpc.server)"),
      Map.entry("grpc_server_seconds_bucket", "Micrometer ObservationGrpcServerInterceptor (grpc.server, histogram on)"),
      // Micrometer's JVM and process binders, registered by Spring Boot's metrics auto-configuration.
      Map.entry("process_cpu_usage", "Micrometer ProcessorMetrics (process.cpu.usage)"),
      Map.entry("jvm_memory_used_bytes", "Micrometer JvmMemoryMetrics (jvm.memory.used, tag area)"),
      Map.entry("jvm_memory_max_bytes", "Micrometer JvmMemoryMetrics (jvm.memory.max, tag area)"),
      Map.entry("jvm_gc_pause_seconds_sum", "Micrometer JvmGcMetrics (jvm.gc.pause)"),
      // HikariCP's MicrometerMetricsTracker, set by Spring Boot's DataSourcePoolMetricsAutoConfiguration.
      Map.entry("hikaricp_connections_pending", "HikariCP metrics tracker (hikaricp.connections.pending)"),
      Map.entry("hikaricp_connections_active", "HikariCP metrics tracker (hikaricp.connections.active)"),
      Map.entry("hikaricp_connections_max", "HikariCP metrics tracker (hikaricp.connections.max)"),
      // idnet's own counters (Counter -> _total).
      Map.entry("idnet_otp_prefix_cap_hits_total",
          "phone-otp-service/src/main/java/org/idnet/otp/store/MicrometerAbuseAlarm.java"),
      Map.entry("idnet_identity_release_refusals_total",
          "identity-service/src/main/java/org/idnet/identity/store/JdbcRefusalLog.java"),
      Map.entry("idnet_identity_number_events_total",
          "identity-service/src/main/java/org/idnet/identity/api/NumberEventGrpcService.java"),
      // webhook-dispatcher's (alerts IdnetWebhook*): registered somewhere in its code, WEBHOOK_METRICS_SOURCE.
      Map.entry("idnet_webhook_deliveries_total", WEBHOOK_METRICS_SOURCE),
      Map.entry("idnet_webhook_endpoints_disabled_total", WEBHOOK_METRICS_SOURCE),
      Map.entry("idnet_webhook_outbox_lag_seconds", WEBHOOK_METRICS_SOURCE));

  /** A series name: the identifier before a selector's brace (every expression names its metrics so). */
  private static final Pattern SELECTED = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{");

  @Test
  void idnetsOwnMetricsAreRegisteredByTheFileNamed() throws IOException {
    for (Map.Entry<String, String> e : METRICS.entrySet()) {
      if (e.getKey().startsWith("idnet_") && !e.getValue().equals(WEBHOOK_METRICS_SOURCE)) {
        String dotted = "\"" + e.getKey().replaceFirst("_total$", "").replace('_', '.') + "\"";
        assertThat(Files.readString(ROOT.resolve(e.getValue()))).as(e.getKey()).contains(dotted);
      }
    }
  }

  /**
   * The dispatcher's three series are registered by its code under their Micrometer names (a
   * Counter's without _total; the lag a gauge or timer of that name). Skipped while the module has no
   * code yet (it is being written); from its first class on, a renamed or missing metric fails here.
   */
  @Test
  void webhookDispatchersMetricsAreRegisteredByItsCode() throws IOException {
    Path sources = ROOT.resolve(WEBHOOK_METRICS_SOURCE);
    List<Path> files;
    try (var walk = Files.exists(sources) ? Files.walk(sources) : java.util.stream.Stream.<Path>empty()) {
      files = walk.filter(f -> f.toString().endsWith(".java")).toList();
    }
    org.junit.jupiter.api.Assumptions.assumeFalse(files.isEmpty(), "webhook-dispatcher has no code yet");
    StringBuilder code = new StringBuilder();
    for (Path f : files) {
      code.append(Files.readString(f)).append('\n');
    }
    for (Map.Entry<String, String> e : METRICS.entrySet()) {
      if (e.getValue().equals(WEBHOOK_METRICS_SOURCE)) {
        String dotted = "\"" + e.getKey().replaceFirst("_total$", "").replaceFirst("_seconds$", "").replace('_', '.') + "\"";
        String withUnit = "\"" + e.getKey().replaceFirst("_total$", "").replace('_', '.') + "\"";
        assertThat(code.toString().contains(dotted) || code.toString().contains(withUnit)).as(e.getKey() + " registered as "
            + dotted + " (or " + withUnit + ") under " + WEBHOOK_METRICS_SOURCE).isTrue();
      }
    }
  }

  @Test
  void everyMetricInTheAlertsAndTheDashboardIsKnown() throws IOException {
    List<String> expressions = expressions(Manifests.overlay("production"));

    assertThat(expressions).hasSizeGreaterThan(20);
    assertThat(unknown(expressions)).isEmpty();
    // Each OTP abuse counter and refusal counter is on the dashboard or in an alert.
    assertThat(String.join("\n", expressions)).contains("idnet_otp_prefix_cap_hits_total",
        "idnet_identity_release_refusals_total", "idnet_identity_number_events_total", "idnet_webhook_deliveries_total",
        "idnet_webhook_endpoints_disabled_total", "idnet_webhook_outbox_lag_seconds");
  }

  @Test
  void anUnknownMetricIsNoticed() {
    assertThat(unknown(List.of("sum(rate(idnet_otp_sends_total{namespace=\"idnet\"}[5m]))", "process_cpu_usage")))
        .containsExactlyInAnyOrder("idnet_otp_sends_total", "expression without a selected series: process_cpu_usage");
  }

  @Test
  void everyDeployableIsScrapedOnItsManagementPortWhereItExposesPrometheus() {
    Manifests production = Manifests.overlay("production");
    List<ObjectNode> monitors = production.ofKind("PodMonitor");
    for (String name : Manifests.DEPLOYABLES) {
      JsonNode d = production.deployment(name);
      Map<String, String> labels = Manifests.labels(d.at("/spec/template/metadata/labels"));
      List<ObjectNode> selecting = monitors.stream().filter(m -> Manifests.selects(m.at("/spec/selector"), labels)).toList();
      assertThat(selecting).as(name).hasSize(1);
      SpringConfig config = SpringConfig.of(production, d);
      int management = Integer.parseInt(config.get("management.server.port").or(() -> config.get("server.port")).orElseThrow());
      JsonNode endpoint = selecting.get(0).at("/spec/podMetricsEndpoints/0");
      assertThat(Policies.portNumber(d.at("/spec/template/spec/containers/0"), endpoint.path("port"))).as(name).isEqualTo(management);
      assertThat(endpoint.path("path").asText()).isEqualTo("/actuator/prometheus");
      assertThat(config.get("management.endpoints.web.exposure.include").orElse("")).as(name).contains("prometheus");
    }
  }

  @Test
  void productionIncludesMonitoringAndTheDashboardIsLabelledForGrafana() throws IOException {
    Manifests production = Manifests.overlay("production");
    ObjectNode dashboard = production.get("ConfigMap", "idnet-grafana-dashboard");
    assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    JsonNode json = Manifests.JSON.readTree(dashboard.at("/data/idnet.json").asText());
    assertThat(json.path("uid").asText()).isEqualTo("idnet-golden-signals");
    assertThat(production.find("PrometheusRule", "idnet")).isPresent();
  }

  static List<String> expressions(Manifests manifests) throws IOException {
    List<String> all = new ArrayList<>();
    for (JsonNode rule : manifests.ofKind("PrometheusRule")) {
      rule.at("/spec/groups").forEach(g -> g.path("rules").forEach(r -> all.add(r.path("expr").asText())));
    }
    for (JsonNode map : manifests.ofKind("ConfigMap")) {
      if (map.at("/metadata/labels/grafana_dashboard").isTextual()) {
        for (JsonNode content : map.path("data")) {
          Manifests.JSON.readTree(content.asText()).findValues("expr").forEach(e -> all.add(e.asText()));
        }
      }
    }
    return all;
  }

  static List<String> unknown(List<String> expressions) {
    Set<String> unknown = new TreeSet<>();
    for (String expression : expressions) {
      Matcher m = SELECTED.matcher(expression);
      boolean any = false;
      while (m.find()) {
        any = true;
        if (!METRICS.containsKey(m.group(1))) {
          unknown.add(m.group(1));
        }
      }
      if (!any) {
        unknown.add("expression without a selected series: " + expression);
      }
    }
    return new ArrayList<>(unknown);
  }
}
