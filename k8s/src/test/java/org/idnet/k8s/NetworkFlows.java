package org.idnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.idnet.k8s.Targets.Kind;
import org.idnet.k8s.Targets.Target;

/**
 * Holds the rendered NetworkPolicies equal to the deployables' configuration: every configured target
 * is allowed (egress at the source, ingress at the destination), and every flow a policy opens for
 * or towards a deployable is a configured target (or DNS, the edge, the metrics scraper).
 * NetworkPolicy semantics as Kubernetes defines them, for pods of the namespace idnet.
 */
final class NetworkFlows {

  static final String NAMESPACE = "idnet";
  /** The ingress controller's namespace, as the policies name it (components/edge). */
  static final String EDGE_NAMESPACE = "ingress-nginx";
  private static final Map<String, String> NAMESPACE_LABELS = Map.of("kubernetes.io/metadata.name", NAMESPACE);

  /** A destination of a target: pods of this namespace with these labels, or an outside endpoint. */
  record Destination(Map<String, String> labels, int port, String endpoint) {
    boolean outside() {
      return endpoint != null;
    }
  }

  private final Manifests manifests;
  private final Map<String, SpringConfig> configs = new HashMap<>();

  NetworkFlows(Manifests manifests) {
    this.manifests = manifests;
    for (String name : Manifests.DEPLOYABLES) {
      configs.put(name, SpringConfig.of(manifests, manifests.deployment(name)));
    }
  }

  SpringConfig config(String deployable) {
    return configs.get(deployable);
  }

  Map<String, String> podLabels(String deployable) {
    return Manifests.labels(manifests.deployment(deployable).at("/spec/template/metadata/labels"));
  }

  /** Every violation, in words; empty when policies and configuration agree. */
  List<String> violations() {
    List<String> problems = new ArrayList<>();
    for (String source : Manifests.DEPLOYABLES) {
      Map<String, String> from = podLabels(source);
      for (Target target : Targets.of(configs.get(source))) {
        List<Destination> destinations = destinations(target);
        if (destinations.isEmpty()) {
          problems.add(source + ": " + target + " names neither a pod of the cluster nor an outside endpoint");
        }
        for (Destination to : destinations) {
          if (!egressAllowed(from, to)) {
            problems.add(source + ": no egress for configured " + target + " (" + describe(to) + ")");
          }
          if (!to.outside() && !ingressAllowed(to.labels(), from, to.port())) {
            problems.add(source + ": no ingress at " + describe(to) + " for configured " + target);
          }
        }
      }
      problems.addAll(extraFlows(source));
    }
    problems.addAll(extraIngressAtStores());
    return problems;
  }

  /** The pods (or outside endpoint) a target reaches. */
  List<Destination> destinations(Target target) {
    String host = target.host().replaceFirst("\\." + NAMESPACE + "(\\.svc(\\.cluster\\.local)?)?$", "");
    Optional<? extends JsonNode> service = manifests.find("Service", host);
    if (service.isPresent()) {
      for (JsonNode deployment : manifests.ofKind("Deployment")) {
        Map<String, String> labels = Manifests.labels(deployment.at("/spec/template/metadata/labels"));
        if (Manifests.selects(service.get().at("/spec/selector"), labels)) {
          return List.of(new Destination(labels, containerPort(service.get(), deployment, target.port()), null));
        }
      }
      return List.of();
    }
    for (JsonNode cluster : manifests.ofKind("Cluster")) {
      String name = Manifests.name(cluster);
      if (host.equals(name + "-rw") || host.equals(name + "-ro") || host.equals(name + "-r")) {
        return List.of(new Destination(Map.of("cnpg.io/cluster", name, "cnpg.io/podRole", "instance"), target.port(), null));
      }
    }
    for (JsonNode sentinel : manifests.ofKind("RedisSentinel")) {
      if (host.equals(Manifests.name(sentinel) + "-sentinel") && target.kind() == Kind.REDIS_SENTINEL) {
        Map<String, String> sentinels = new HashMap<>(Manifests.labels(sentinel.at("/metadata/labels")));
        sentinels.putAll(Map.of("app", host, "redis_setup_type", "sentinel", "role", "sentinel"));
        String replicationName = sentinel.at("/spec/redisSentinelConfig/redisReplicationName").asText();
        JsonNode replication = manifests.get("RedisReplication", replicationName);
        Map<String, String> data = new HashMap<>(Manifests.labels(replication.at("/metadata/labels")));
        data.putAll(Map.of("app", replicationName, "redis_setup_type", "replication", "role", "replication"));
        int dataPort = Integer.parseInt(sentinel.at("/spec/redisSentinelConfig/redisPort").asText("6379"));
        return List.of(new Destination(sentinels, target.port(), null), new Destination(data, dataPort, null));
      }
    }
    for (JsonNode keycloak : manifests.ofKind("Keycloak")) {
      if (host.equals(Manifests.name(keycloak) + "-service")) {
        return List.of(new Destination(Map.of("app", "keycloak", "app.kubernetes.io/instance", Manifests.name(keycloak),
            "app.kubernetes.io/managed-by", "keycloak-operator"), target.port(), null));
      }
    }
    if (target.kind() == Kind.OUTSIDE && !host.equals("localhost") && !host.startsWith("127.")) {
      return List.of(new Destination(Map.of(), target.port(), target.endpoint()));
    }
    return List.of();
  }

  private static int containerPort(JsonNode service, JsonNode deployment, int servicePort) {
    for (JsonNode port : service.at("/spec/ports")) {
      if (port.path("port").asInt() == servicePort) {
        JsonNode targetPort = port.path("targetPort");
        if (targetPort.isInt() || targetPort.isMissingNode()) {
          return targetPort.isInt() ? targetPort.asInt() : servicePort;
        }
        for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
          for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(targetPort.asText())) {
              return p.path("containerPort").asInt();
            }
          }
        }
      }
    }
    return -1;
  }

  boolean egressAllowed(Map<String, String> from, Destination to) {
    for (JsonNode policy : policiesSelecting(from, "Egress")) {
      for (JsonNode rule : policy.at("/spec/egress")) {
        if (portMatches(rule, to.port()) && peerMatches(rule.path("to"), policy, to)) {
          return true;
        }
      }
    }
    return false;
  }

  boolean ingressAllowed(Map<String, String> at, Map<String, String> from, int port) {
    Destination source = new Destination(from, port, null);
    for (JsonNode policy : policiesSelecting(at, "Ingress")) {
      for (JsonNode rule : policy.at("/spec/ingress")) {
        if (portMatches(rule, port) && peerMatches(rule.path("from"), policy, source)) {
          return true;
        }
      }
    }
    return false;
  }

  List<JsonNode> policiesSelecting(Map<String, String> labels, String type) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode policy : manifests.ofKind("NetworkPolicy")) {
      JsonNode selector = policy.at("/spec/podSelector");
      boolean all = selector.isEmpty();
      boolean typed = false;
      for (JsonNode t : policy.at("/spec/policyTypes")) {
        typed |= t.asText().equals(type);
      }
      if (typed && (all || Manifests.selects(selector, labels))) {
        found.add(policy);
      }
    }
    return found;
  }

  private static boolean portMatches(JsonNode rule, int port) {
    if (!rule.has("ports")) {
      return true;
    }
    for (JsonNode p : rule.path("ports")) {
      if (p.path("port").asInt() == port && p.path("protocol").asText("TCP").equals("TCP")) {
        return true;
      }
    }
    return false;
  }

  private static boolean peerMatches(JsonNode peers, JsonNode policy, Destination other) {
    if (peers.isMissingNode()) {
      return true;
    }
    for (JsonNode peer : peers) {
      if (other.outside()) {
        if (peer.has("ipBlock") && endpoints(policy).contains(other.endpoint())) {
          return true;
        }
      } else if (peer.has("namespaceSelector")) {
        if (Manifests.selects(peer.path("namespaceSelector"), NAMESPACE_LABELS)
            && (!peer.has("podSelector") || Manifests.selects(peer.path("podSelector"), other.labels()))) {
          return true;
        }
      } else if (peer.has("podSelector") && (peer.path("podSelector").isEmpty()
          || Manifests.selects(peer.path("podSelector"), other.labels()))) {
        return true;
      }
    }
    return false;
  }

  static List<String> endpoints(JsonNode policy) {
    String annotation = policy.at("/metadata/annotations/idnet.org~1outside-endpoint").asText("");
    return SpringConfig.list(annotation.replace(' ', ','));
  }

  /** Flows a policy opens for a deployable that no configured target (nor DNS, edge, scraper) explains. */
  private List<String> extraFlows(String deployable) {
    List<String> problems = new ArrayList<>();
    Map<String, String> labels = podLabels(deployable);
    List<Target> targets = Targets.of(configs.get(deployable));
    for (JsonNode policy : policiesSelecting(labels, "Egress")) {
      for (JsonNode rule : policy.at("/spec/egress")) {
        for (JsonNode peer : rule.path("to")) {
          for (int port : ports(rule)) {
            String flow = deployable + ": NetworkPolicy " + Manifests.name(policy) + " opens egress to " + peer + " port " + port;
            if (isDns(peer) && port == 53) {
              continue;
            }
            if (peer.has("ipBlock")) {
              for (String endpoint : endpoints(policy)) {
                if (targets.stream().noneMatch(t -> endpoint.equals(t.endpoint()) && t.port() == port)) {
                  problems.add(flow + " (" + endpoint + "), which its configuration does not name");
                }
              }
            } else if (peer.has("podSelector") && !peer.has("namespaceSelector")) {
              boolean explained = targets.stream().flatMap(t -> destinations(t).stream())
                  .anyMatch(d -> !d.outside() && d.port() == port && Manifests.selects(peer.path("podSelector"), d.labels()));
              if (!explained) {
                problems.add(flow + ", which its configuration does not name");
              }
            } else {
              problems.add(flow + ": a deployable reaches other namespaces only for DNS");
            }
          }
        }
      }
    }
    for (JsonNode policy : policiesSelecting(labels, "Ingress")) {
      for (JsonNode rule : policy.at("/spec/ingress")) {
        for (JsonNode peer : rule.path("from")) {
          for (int port : ports(rule)) {
            String flow = deployable + ": NetworkPolicy " + Manifests.name(policy) + " opens ingress from " + peer + " port " + port;
            if (peer.has("namespaceSelector")) {
              String namespace = peer.at("/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText();
              boolean edge = namespace.equals(EDGE_NAMESPACE) && edgeBackend(deployable) && port == publicPort(deployable);
              boolean scraper = namespace.equals("monitoring") && port == managementPort(deployable);
              if (!edge && !scraper || peer.has("podSelector")) {
                problems.add(flow + ": only the edge (to the public port of a deployable an Ingress routes to) and the"
                    + " scraper (management port) come from outside");
              }
            } else {
              boolean explained = false;
              for (String other : Manifests.DEPLOYABLES) {
                if (Manifests.selects(peer.path("podSelector"), podLabels(other))) {
                  explained |= Targets.of(configs.get(other)).stream().flatMap(t -> destinations(t).stream())
                      .anyMatch(d -> !d.outside() && d.port() == port && d.labels().equals(labels));
                }
              }
              if (!explained) {
                problems.add(flow + ", which no deployable's configuration targets");
              }
            }
          }
        }
      }
    }
    return problems;
  }

  /** Stores admit a deployable only on the ports its configuration targets there. */
  private List<String> extraIngressAtStores() {
    List<String> problems = new ArrayList<>();
    for (JsonNode policy : manifests.ofKind("NetworkPolicy")) {
      JsonNode selector = policy.at("/spec/podSelector");
      if (selector.isEmpty() || Manifests.DEPLOYABLES.stream().anyMatch(d -> Manifests.selects(selector, podLabels(d)))) {
        continue;
      }
      for (JsonNode rule : policy.at("/spec/ingress")) {
        for (JsonNode peer : rule.path("from")) {
          for (String deployable : Manifests.DEPLOYABLES) {
            if (peer.has("namespaceSelector") || !Manifests.selects(peer.path("podSelector"), podLabels(deployable))) {
              continue;
            }
            for (int port : ports(rule)) {
              boolean explained = Targets.of(configs.get(deployable)).stream().flatMap(t -> destinations(t).stream())
                  .anyMatch(d -> !d.outside() && d.port() == port && Manifests.selects(selector, d.labels()));
              if (!explained) {
                problems.add("NetworkPolicy " + Manifests.name(policy) + " admits " + deployable + " on port " + port
                    + ", which its configuration does not target");
              }
            }
          }
        }
      }
    }
    return problems;
  }

  private static List<Integer> ports(JsonNode rule) {
    List<Integer> ports = new ArrayList<>();
    rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
    if (ports.isEmpty()) {
      ports.add(-1);
    }
    return ports;
  }

  private static boolean isDns(JsonNode peer) {
    return Manifests.selects(peer.path("namespaceSelector"), Map.of("kubernetes.io/metadata.name", "kube-system"))
        && Manifests.selects(peer.path("podSelector"), Targets.dnsPeer());
  }

  /** Whether an Ingress routes to this deployable (the gateway for the API host, the web for the pages host). */
  boolean edgeBackend(String deployable) {
    Map<String, String> labels = podLabels(deployable);
    for (JsonNode ingress : manifests.ofKind("Ingress")) {
      for (JsonNode path : ingress.at("/spec/rules").findValues("paths")) {
        for (JsonNode p : path) {
          Optional<? extends JsonNode> service = manifests.find("Service", p.at("/backend/service/name").asText());
          if (service.isPresent() && Manifests.selects(service.get().at("/spec/selector"), labels)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  int managementPort(String deployable) {
    SpringConfig config = configs.get(deployable);
    return Integer.parseInt(config.get("management.server.port").or(() -> config.get("server.port")).orElse("8080"));
  }

  int publicPort(String deployable) {
    return Integer.parseInt(configs.get(deployable).get("server.port").orElse("8080"));
  }

  private static String describe(Destination d) {
    return d.outside() ? "outside endpoint " + d.endpoint() + " port " + d.port() : "pods " + d.labels() + " port " + d.port();
  }
}
