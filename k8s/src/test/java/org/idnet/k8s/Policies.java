package org.idnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules every rendered overlay keeps; each returns its violations, prefixed by the rule's name,
 * so a test can break one manifest and see exactly that rule fire.
 */
final class Policies {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Policies() {
  }

  static List<String> all(Manifests m) {
    List<String> v = new ArrayList<>();
    for (String name : Manifests.DEPLOYABLES) {
      JsonNode d = m.deployment(name);
      v.addAll(probes(m, d));
      v.addAll(resources(d));
      v.addAll(securityContext(m, d));
      v.addAll(tmp(d));
      v.addAll(disruptionBudget(m, d));
      v.addAll(networkPolicy(m, d));
      v.addAll(gracefulShutdown(m, d));
      v.addAll(topologySpread(d));
      v.addAll(secretsFromSecrets(d));
      v.addAll(Migrations.check(d));
    }
    v.addAll(images(m));
    v.addAll(selectors(m));
    v.addAll(servicePorts(m));
    v.addAll(outsideRanges(m));
    v.addAll(internet(m));
    v.addAll(noSecretObjects(m));
    v.addAll(namespaces(m));
    v.addAll(backups(m));
    return v;
  }

  /**
   * Each PostgreSQL cluster backs up with a credential of its own to a path of its own (neither a
   * prefix of another's), so one cluster's instances cannot read another's WAL and base backups.
   */
  static List<String> backups(Manifests m) {
    List<String> v = new ArrayList<>();
    List<JsonNode> stores = new ArrayList<>(m.ofKind("ObjectStore"));
    for (int i = 0; i < stores.size(); i++) {
      for (int j = i + 1; j < stores.size(); j++) {
        JsonNode a = stores.get(i).at("/spec/configuration");
        JsonNode b = stores.get(j).at("/spec/configuration");
        String pair = id(stores.get(i)) + " and " + id(stores.get(j));
        for (String credential : List.of("accessKeyId", "secretAccessKey")) {
          if (a.at("/s3Credentials/" + credential + "/name").asText().equals(b.at("/s3Credentials/" + credential + "/name").asText())) {
            v.add("backups: " + pair + " share the credential Secret " + a.at("/s3Credentials/" + credential + "/name").asText());
          }
        }
        String pa = a.path("destinationPath").asText().replaceAll("/*$", "/");
        String pb = b.path("destinationPath").asText().replaceAll("/*$", "/");
        if (pa.startsWith(pb) || pb.startsWith(pa)) {
          v.add("backups: " + pair + " write to the same path (" + pa + ", " + pb + ")");
        }
      }
    }
    return v;
  }

  /** Kinds without a namespace. */
  static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterIssuer", "ClusterRole", "ClusterRoleBinding",
      "CertificateRequestPolicy", "IngressClass", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding");

  /**
   * Every namespaced object names namespace idnet (an object without one lands wherever kubectl's
   * context points, e.g. network policies in `default`), apart from the CA keys, which live only in
   * cert-manager's namespace (TrustAnchors); cluster-scoped kinds name none.
   */
  static List<String> namespaces(Manifests m) {
    List<String> v = new ArrayList<>();
    for (JsonNode o : m.objects()) {
      String kind = o.path("kind").asText();
      String namespace = o.at("/metadata/namespace").asText("");
      boolean caKey = kind.equals("ExternalSecret") && o.at("/spec/secretStoreRef/name").asText().equals(TrustAnchors.CA_KEYS_STORE);
      String expected = CLUSTER_SCOPED.contains(kind) ? "" : caKey ? namespace : TrustAnchors.NAMESPACE;
      if (!namespace.equals(expected) || caKey && namespace.isEmpty()) {
        v.add("namespaces: " + Manifests.id(o) + " is in namespace '" + namespace + "', not '" + expected + "'");
      }
    }
    return v;
  }

  private static JsonNode container(JsonNode d) {
    return d.at("/spec/template/spec/containers/0");
  }

  private static String id(JsonNode d) {
    return Manifests.name(d);
  }

  /** Probes: startup, liveness and readiness over HTTP on the management port the service listens on. */
  static List<String> probes(Manifests m, JsonNode d) {
    List<String> v = new ArrayList<>();
    SpringConfig config = SpringConfig.of(m, d);
    int management = Integer.parseInt(config.get("management.server.port").or(() -> config.get("server.port")).orElse("-1"));
    Map<String, String> paths = Map.of("startupProbe", "/actuator/health/liveness", "livenessProbe",
        "/actuator/health/liveness", "readinessProbe", "/actuator/health/readiness");
    paths.forEach((probe, path) -> {
      JsonNode http = container(d).path(probe).path("httpGet");
      if (http.isMissingNode()) {
        v.add("probes: " + id(d) + " has no HTTP " + probe);
      } else if (!http.path("path").asText().equals(path) || portNumber(container(d), http.path("port")) != management) {
        v.add("probes: " + id(d) + " " + probe + " is not " + path + " on the management port " + management);
      }
    });
    if (!config.get("management.endpoint.health.probes.enabled").map("true"::equals).orElse(false)) {
      v.add("probes: " + id(d) + " does not enable Spring's health probes (management.endpoint.health.probes.enabled)");
    }
    return v;
  }

  static int portNumber(JsonNode container, JsonNode port) {
    if (port.isInt()) {
      return port.asInt();
    }
    for (JsonNode p : container.path("ports")) {
      if (p.path("name").asText().equals(port.asText())) {
        return p.path("containerPort").asInt();
      }
    }
    return -1;
  }

  static List<String> resources(JsonNode d) {
    List<String> v = new ArrayList<>();
    for (String kind : List.of("requests", "limits")) {
      for (String resource : List.of("cpu", "memory")) {
        if (container(d).at("/resources/" + kind + "/" + resource).isMissingNode()) {
          v.add("resources: " + id(d) + " has no " + resource + " in " + kind);
        }
      }
    }
    return v;
  }

  static List<String> securityContext(Manifests m, JsonNode d) {
    List<String> v = new ArrayList<>();
    JsonNode pod = d.at("/spec/template/spec");
    JsonNode c = container(d).path("securityContext");
    check(v, pod.at("/securityContext/runAsNonRoot").asBoolean(false) || c.path("runAsNonRoot").asBoolean(false), d, "runAsNonRoot");
    check(v, c.path("readOnlyRootFilesystem").asBoolean(false), d, "readOnlyRootFilesystem");
    check(v, c.has("allowPrivilegeEscalation") && !c.path("allowPrivilegeEscalation").asBoolean(true), d, "allowPrivilegeEscalation false");
    check(v, c.at("/capabilities/drop").toString().equals("[\"ALL\"]"), d, "capabilities drop ALL");
    check(v, "RuntimeDefault".equals(c.at("/seccompProfile/type").asText(pod.at("/securityContext/seccompProfile/type").asText())),
        d, "seccompProfile RuntimeDefault");
    check(v, pod.has("automountServiceAccountToken") && !pod.path("automountServiceAccountToken").asBoolean(true), d,
        "automountServiceAccountToken false");
    m.find("ServiceAccount", pod.path("serviceAccountName").asText()).ifPresentOrElse(
        sa -> check(v, !sa.path("automountServiceAccountToken").asBoolean(true), d, "its ServiceAccount without a token"),
        () -> v.add("security-context: " + id(d) + " runs as a ServiceAccount that is not rendered"));
    return v;
  }

  private static void check(List<String> v, boolean ok, JsonNode d, String what) {
    if (!ok) {
      v.add("security-context: " + id(d) + " lacks " + what);
    }
  }

  static List<String> tmp(JsonNode d) {
    for (JsonNode mount : container(d).path("volumeMounts")) {
      if (mount.path("mountPath").asText().equals("/tmp")) {
        for (JsonNode volume : d.at("/spec/template/spec/volumes")) {
          if (volume.path("name").asText().equals(mount.path("name").asText()) && volume.has("emptyDir")) {
            return List.of();
          }
        }
      }
    }
    return List.of("tmp: " + id(d) + " has no emptyDir at /tmp");
  }

  static List<String> disruptionBudget(Manifests m, JsonNode d) {
    Map<String, String> labels = Manifests.labels(d.at("/spec/template/metadata/labels"));
    boolean found = m.ofKind("PodDisruptionBudget").stream().anyMatch(p -> Manifests.selects(p.at("/spec/selector"), labels));
    return found ? List.of() : List.of("pdb: no PodDisruptionBudget selects " + id(d));
  }

  /** A policy of its own (not only the namespace-wide deny) selects the pods, for ingress and egress. */
  static List<String> networkPolicy(Manifests m, JsonNode d) {
    Map<String, String> labels = Manifests.labels(d.at("/spec/template/metadata/labels"));
    Set<String> types = new HashSet<>();
    for (JsonNode p : m.ofKind("NetworkPolicy")) {
      if (!p.at("/spec/podSelector").isEmpty() && Manifests.selects(p.at("/spec/podSelector"), labels)) {
        p.at("/spec/policyTypes").forEach(t -> types.add(t.asText()));
      }
    }
    return types.containsAll(Set.of("Ingress", "Egress")) ? List.of()
        : List.of("network-policy: no NetworkPolicy of its own selects " + id(d) + " for ingress and egress (has " + types + ")");
  }

  /**
   * terminationGracePeriodSeconds covers the preStop pause and two shutdown phases, and a phase lasts
   * longer than the longest deadline or timeout the service's configuration sets.
   */
  static List<String> gracefulShutdown(Manifests m, JsonNode d) {
    SpringConfig config = SpringConfig.of(m, d);
    long grace = d.at("/spec/template/spec/terminationGracePeriodSeconds").asLong(30);
    long preStop = container(d).at("/lifecycle/preStop/sleep/seconds").asLong(0);
    Duration phase = parse(config.get("spring.lifecycle.timeout-per-shutdown-phase").orElse("30s"));
    Duration longest = Duration.ZERO;
    String longestName = "";
    for (Map.Entry<String, String> e : config.all().entrySet()) {
      if (e.getKey().matches(".*(deadline|requesttimeout)$")) {
        Duration value = parse(e.getValue());
        if (value.compareTo(longest) > 0) {
          longest = value;
          longestName = e.getKey();
        }
      }
    }
    List<String> v = new ArrayList<>();
    if (grace < preStop + 2 * phase.toSeconds()) {
      v.add("graceful-shutdown: " + id(d) + " terminationGracePeriodSeconds " + grace + " < preStop " + preStop
          + " s + 2 x " + phase.toSeconds() + " s");
    }
    if (phase.compareTo(longest) <= 0) {
      v.add("graceful-shutdown: " + id(d) + " shutdown phase " + phase + " is not longer than " + longestName + " " + longest);
    }
    return v;
  }

  static Duration parse(String text) {
    Matcher matcher = DURATION.matcher(text.strip());
    if (!matcher.matches()) {
      return Duration.ZERO;
    }
    long n = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  static List<String> topologySpread(JsonNode d) {
    for (JsonNode c : d.at("/spec/template/spec/topologySpreadConstraints")) {
      if (c.path("topologyKey").asText().equals("topology.kubernetes.io/zone")) {
        return List.of();
      }
    }
    return List.of("topology-spread: " + id(d) + " is not spread across zones");
  }

  /** Anything named like a secret comes from a Secret, never as a literal value in the manifest. */
  static List<String> secretsFromSecrets(JsonNode d) {
    List<String> v = new ArrayList<>();
    for (JsonNode env : container(d).path("env")) {
      String name = env.path("name").asText();
      if (name.matches(".*(PASSWORD|APIKEY|API_KEY|SECRET|HASHKEY|DATAKEY)$") && env.has("value")) {
        v.add("secrets: " + id(d) + " sets " + name + " as a literal value");
      }
    }
    return v;
  }

  /** Every image (pods and operator resources) names a tag or digest, never `latest`. */
  static List<String> images(Manifests m) {
    List<String> v = new ArrayList<>();
    for (JsonNode object : m.objects()) {
      collectImages(object, "", object, v);
    }
    return v;
  }

  private static void collectImages(JsonNode node, String path, JsonNode object, List<String> v) {
    node.fields().forEachRemaining(e -> {
      JsonNode child = e.getValue();
      if ((e.getKey().equals("image") || e.getKey().equals("imageName")) && child.isTextual()) {
        String image = child.asText();
        String tag = image.contains("@") ? "digest" : image.replaceFirst("^.*/", "").contains(":")
            ? image.substring(image.lastIndexOf(':') + 1) : "";
        if (tag.isEmpty() || tag.equals("latest")) {
          v.add("images: " + Manifests.id(object) + path + "." + e.getKey() + " = " + image + " has no set tag or digest");
        }
      } else if (child.isObject()) {
        collectImages(child, path + "." + e.getKey(), object, v);
      } else if (child.isArray()) {
        for (JsonNode item : child) {
          if (item.isObject()) {
            collectImages(item, path + "." + e.getKey(), object, v);
          }
        }
      }
    });
  }

  /** Deployment selectors select their templates; Services, PDBs and HPAs point at a rendered Deployment. */
  static List<String> selectors(Manifests m) {
    List<String> v = new ArrayList<>();
    List<Map<String, String>> templates = new ArrayList<>();
    for (JsonNode d : m.ofKind("Deployment")) {
      Map<String, String> labels = Manifests.labels(d.at("/spec/template/metadata/labels"));
      templates.add(labels);
      if (!Manifests.selects(d.at("/spec/selector"), labels)) {
        v.add("selectors: Deployment " + id(d) + " does not select its own pod template");
      }
    }
    for (String kind : List.of("Service", "PodDisruptionBudget")) {
      for (JsonNode o : m.ofKind(kind)) {
        JsonNode selector = kind.equals("Service") ? o.at("/spec/selector") : o.at("/spec/selector");
        if (templates.stream().noneMatch(t -> Manifests.selects(selector, t))) {
          v.add("selectors: " + kind + " " + id(o) + " selects no rendered pod template");
        }
      }
    }
    for (JsonNode h : m.ofKind("HorizontalPodAutoscaler")) {
      if (m.find(h.at("/spec/scaleTargetRef/kind").asText(), h.at("/spec/scaleTargetRef/name").asText()).isEmpty()) {
        v.add("selectors: HorizontalPodAutoscaler " + id(h) + " scales nothing rendered");
      }
    }
    return v;
  }

  /** Every port a Service names exists on the pods it selects. */
  static List<String> servicePorts(Manifests m) {
    List<String> v = new ArrayList<>();
    for (JsonNode s : m.ofKind("Service")) {
      for (JsonNode d : m.ofKind("Deployment")) {
        if (!Manifests.selects(s.at("/spec/selector"), Manifests.labels(d.at("/spec/template/metadata/labels")))) {
          continue;
        }
        for (JsonNode port : s.at("/spec/ports")) {
          JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
          if (portNumber(container(d), target) < 0 || target.isInt() && container(d).path("ports").findValues("containerPort")
              .stream().noneMatch(p -> p.asInt() == target.asInt())) {
            v.add("service-ports: Service " + id(s) + " port " + port.path("name").asText() + " -> " + target
                + " is not a port of " + id(d));
          }
        }
      }
    }
    return v;
  }

  /**
   * The overlay set every outside range: 0.0.0.0/32 (the component's "unset") and 0.0.0.0/0 are refused,
   * but for the whole address space in the policy of the outside endpoint `internet` (rule "internet").
   */
  static List<String> outsideRanges(Manifests m) {
    List<String> v = new ArrayList<>();
    for (JsonNode p : m.ofKind("NetworkPolicy")) {
      boolean internet = NetworkFlows.endpoints(p).contains(Targets.INTERNET);
      for (JsonNode cidr : p.findValues("cidr")) {
        if (internet && (cidr.asText().equals("0.0.0.0/0") || cidr.asText().equals("::/0"))) {
          continue;
        }
        if (cidr.asText().startsWith("0.0.0.0/") || cidr.asText().startsWith("::/")) {
          v.add("outside-ranges: NetworkPolicy " + id(p) + " has the range " + cidr.asText() + " (not set by the overlay, or everything)");
        }
      }
    }
    return v;
  }

  /** What egress-internet must keep out of reach, IPv4 and IPv6: private, loopback, link-local, CGNAT, ... */
  static final List<String> NEVER_FROM_THE_INTERNET_POLICY = List.of(
      "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16",
      "224.0.0.0/4", "240.0.0.0/4",
      "::/128", "::1/128", "::ffff:0:0/96", "64:ff9b::/96", "fc00::/7", "fe80::/10", "ff00::/8");
  /** The annotation of egress-internet naming the cluster's pod and service ranges (set per overlay). */
  static final String CLUSTER_CIDRS = "idnet.org/cluster-cidrs";

  /**
   * The Internet is webhook-dispatcher's alone, on TCP 443 alone, and never the private ranges: the
   * policy of the outside endpoint `internet` selects only its pods, opens only TCP 443 to ipBlocks
   * alone, and each ipBlock's `except` covers every range of {@link #NEVER_FROM_THE_INTERNET_POLICY} and
   * of the cluster's own ranges (annotation {@value #CLUSTER_CIDRS}) of its family. Exactly one such
   * policy exists.
   */
  static List<String> internet(Manifests m) {
    List<String> v = new ArrayList<>();
    List<JsonNode> policies = m.ofKind("NetworkPolicy").stream()
        .filter(p -> NetworkFlows.endpoints(p).contains(Targets.INTERNET)).map(JsonNode.class::cast).toList();
    if (policies.size() != 1) {
      v.add("internet: " + policies.size() + " NetworkPolicies name the outside endpoint internet, not one");
    }
    for (JsonNode p : policies) {
      String id = "NetworkPolicy " + id(p);
      JsonNode selector = p.at("/spec/podSelector");
      if (!Targets.WEBHOOK_DISPATCHER.equals(selector.at("/matchLabels/app.kubernetes.io~1name").asText())) {
        v.add("internet: " + id + " selects " + selector + ", not " + Targets.WEBHOOK_DISPATCHER + "'s pods alone");
      }
      for (String deployable : Manifests.DEPLOYABLES) {
        if (!deployable.equals(Targets.WEBHOOK_DISPATCHER) && (selector.isEmpty()
            || Manifests.selects(selector, Manifests.labels(m.deployment(deployable).at("/spec/template/metadata/labels"))))) {
          v.add("internet: " + id + " selects " + deployable);
        }
      }
      List<Cidr> cluster = new ArrayList<>();
      String clusterCidrs = p.at("/metadata/annotations").path(CLUSTER_CIDRS).asText("");
      for (String c : clusterCidrs.split("[ ,]+")) {
        if (!c.isBlank()) {
          cluster.add(Cidr.parse(c));
        }
      }
      if (cluster.isEmpty()) {
        v.add("internet: " + id + " names no cluster range (annotation " + CLUSTER_CIDRS + ")");
      }
      for (JsonNode rule : p.at("/spec/egress")) {
        JsonNode ports = rule.path("ports");
        boolean only443 = ports.size() == 1 && ports.get(0).path("port").asInt() == 443
            && ports.get(0).path("protocol").asText("TCP").equals("TCP") && !ports.get(0).has("endPort");
        if (!only443) {
          v.add("internet: " + id + " opens ports " + rule.path("ports") + ", not TCP 443 alone");
        }
        if (!rule.has("to")) {
          v.add("internet: " + id + " has a rule without `to` (every destination)");
        }
        for (JsonNode peer : rule.path("to")) {
          if (!peer.has("ipBlock") || peer.size() != 1) {
            v.add("internet: " + id + " opens " + peer + ", not an ipBlock");
            continue;
          }
          Cidr block = Cidr.parse(peer.at("/ipBlock/cidr").asText());
          List<Cidr> except = new ArrayList<>();
          peer.at("/ipBlock/except").forEach(e -> except.add(Cidr.parse(e.asText())));
          List<Cidr> required = new ArrayList<>(cluster);
          NEVER_FROM_THE_INTERNET_POLICY.forEach(r -> required.add(Cidr.parse(r)));
          for (Cidr r : required) {
            if (block.contains(r) && except.stream().noneMatch(e -> e.contains(r))) {
              v.add("internet: " + id + " ipBlock " + peer.at("/ipBlock/cidr").asText() + " does not except "
                  + r.text());
            }
          }
        }
      }
    }
    return v;
  }

  static List<String> noSecretObjects(Manifests m) {
    return m.ofKind("Secret").stream().map(s -> "secrets: Secret " + id(s) + " is rendered: secrets come from the external store").toList();
  }
}
