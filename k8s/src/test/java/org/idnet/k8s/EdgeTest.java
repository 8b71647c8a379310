package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The edge (components/edge, ingress-nginx): the API host goes to the gateway's HTTPS port, the
 * issuer host to keycloak-service:8443 and the pages host (www) to the web's HTTPS port, each
 * re-encrypted and verified against the CA that signs that backend's certificate alone, by a name the
 * certificate holds; the issuer host is the host tokens name and Keycloak serves; the pages host is the
 * web's public-url and identity-service's hosted pages-url; only realm idnet and the static resources are published there (no
 * /admin, no master realm); every host has TLS; the network policies admit the controller's
 * namespace exactly where the Ingresses send it; the gateway and Keycloak believe X-Forwarded-For from
 * the same range, narrower than a /16 (the edge's pods).
 */
class EdgeTest {

  static final List<String> OVERLAYS = Kustomize.OVERLAYS;
  private static final String NGINX = "nginx.ingress.kubernetes.io/";

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void eachHostReachesItsBackendReEncryptedAndVerified(String overlay) {
    Manifests m = Manifests.overlay(overlay);
    assertThat(problems(m)).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void theIssuerHostPublishesRealmIdnetAndNothingOfTheAdministration(String overlay) {
    JsonNode issuer = Manifests.overlay(overlay).get("Ingress", "issuer");

    for (String open : List.of("/realms/idnet/protocol/openid-connect/certs", "/realms/idnet/protocol/openid-connect/token",
        "/realms/idnet/.well-known/openid-configuration", "/resources/abc/login/keycloak.v2/css/styles.css")) {
      assertThat(routes(issuer, open)).as(open).isTrue();
    }
    for (String closed : List.of("/admin", "/admin/master/console/", "/admin/realms/idnet/users", "/realms/master",
        "/realms/master/protocol/openid-connect/token", "/realms/idnetx/protocol/openid-connect/token", "/metrics", "/health",
        "/", "/js/keycloak.js")) {
      assertThat(routes(issuer, closed)).as(closed).isFalse();
    }
  }

  static Stream<Arguments> brokenEdges() {
    return Stream.of(
        broken("api: not re-encrypted", m -> annotations(m, "api").put(NGINX + "proxy-ssl-verify", "off")),
        broken("issuer: verifies with db-ca", m -> annotations(m, "issuer").put(NGINX + "proxy-ssl-secret", "idnet/db-ca")),
        broken("api: proxy-ssl-name", m -> annotations(m, "api").put(NGINX + "proxy-ssl-name", "identity-service")),
        broken("issuer: host", m -> ((ObjectNode) m.get("Ingress", "issuer").at("/spec/rules/0"))
            .put("host", "login.example")),
        broken("trusted proxies: 10.0.0.0/8 is a /16 or wider", m -> {
          ((ObjectNode) m.get("Keycloak", "keycloak").at("/spec/additionalOptions/0")).put("value", "10.0.0.0/8");
          ObjectNode env = ((com.fasterxml.jackson.databind.node.ArrayNode) m.deployment("gateway")
              .at("/spec/template/spec/containers/0/env")).addObject();
          env.put("name", "IDNET_GATEWAY_TRUSTEDPROXIES").put("value", "10.0.0.0/8");
        }),
        broken("trusted proxies: the gateway's", m -> ((ObjectNode) m.get("Keycloak", "keycloak").at("/spec/additionalOptions/0"))
            .put("value", "10.244.0.0/24")),
        broken("NetworkPolicy keycloak does not admit the edge", m -> ((ObjectNode) m
            .get("NetworkPolicy", "keycloak").at("/spec/ingress/0/from/0/namespaceSelector/matchLabels"))
            .put("kubernetes.io/metadata.name", "edge")),
        broken("www: verifies with gateway-ca, not the CA of web-https alone",
            m -> annotations(m, "www").put(NGINX + "proxy-ssl-secret", "idnet/gateway-ca")),
        broken("www: not re-encrypted", m -> annotations(m, "www").put(NGINX + "backend-protocol", "HTTP")),
        broken("www: proxy-ssl-name is not a name of web-https", m -> annotations(m, "www").put(NGINX + "proxy-ssl-name", "gateway.idnet.svc")),
        broken("www: a path goes to gateway", m -> ((ObjectNode) m.get("Ingress", "www").at("/spec/rules/0/http/paths/0/backend/service"))
            .put("name", "gateway")),
        broken("www: host pages.example", m -> ((ObjectNode) m.get("Ingress", "www").at("/spec/rules/0")).put("host", "pages.example")),
        broken("NetworkPolicy web does not admit the edge", m -> ((ObjectNode) m
            .get("NetworkPolicy", "web").at("/spec/ingress/0/from/0/namespaceSelector/matchLabels"))
            .put("kubernetes.io/metadata.name", "edge")));
  }

  private static Arguments broken(String violation,
      Consumer<Manifests> breakIt) {
    return Arguments.of(violation, breakIt);
  }

  private static ObjectNode annotations(Manifests m, String ingress) {
    return (ObjectNode) m.get("Ingress", ingress).at("/metadata/annotations");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenEdges")
  void aBrokenEdgeIsNoticed(String violation, Consumer<Manifests> breakIt) {
    Manifests broken = Manifests.overlay("production").copy();
    breakIt.accept(broken);

    assertThat(problems(broken)).anyMatch(v -> v.startsWith(violation));
  }

  @Test
  void anAdminPathAtTheIssuerHostIsNoticed() {
    Manifests broken = Manifests.overlay("production").copy();
    JsonNode issuer = broken.get("Ingress", "issuer");
    ((ObjectNode) issuer.at("/spec/rules/0/http/paths/1")).put("path", "/");

    assertThat(routes(issuer, "/admin/master/console/")).isTrue();
  }

  static List<String> problems(Manifests m) {
    List<String> v = new ArrayList<>();
    Map<String, String> backends = Map.of("api", "gateway", "issuer", "keycloak-service", "www", "web");
    Map<String, String> certificates = Map.of("api", "gateway-https", "issuer", "keycloak-tls", "www", "web-https");
    for (String name : backends.keySet()) {
      JsonNode ingress = m.get("Ingress", name);
      JsonNode annotations = ingress.at("/metadata/annotations");
      String host = ingress.at("/spec/rules/0/host").asText();
      if (!annotations.path(NGINX + "backend-protocol").asText().equals("HTTPS")
          || !annotations.path(NGINX + "proxy-ssl-verify").asText().equals("on")) {
        v.add(name + ": not re-encrypted and verified");
      }
      String secret = annotations.path(NGINX + "proxy-ssl-secret").asText().replaceFirst("^idnet/", "");
      Optional<String> ca = TrustAnchors.caOfSecret(m, secret);
      JsonNode certificate = m.get("Certificate", certificates.get(name));
      if (ca.isEmpty() || !TrustAnchors.signedBy(m, ca.get()).equals(Set.of(certificates.get(name)))) {
        v.add(name + ": verifies with " + secret + ", not the CA of " + certificates.get(name) + " alone");
      }
      List<String> names = new ArrayList<>();
      certificate.at("/spec/dnsNames").forEach(n -> names.add(n.asText()));
      if (!names.contains(annotations.path(NGINX + "proxy-ssl-name").asText())) {
        v.add(name + ": proxy-ssl-name is not a name of " + certificates.get(name) + " " + names);
      }
      for (JsonNode path : ingress.at("/spec/rules/0/http/paths")) {
        String service = path.at("/backend/service/name").asText();
        if (!service.equals(backends.get(name))) {
          v.add(name + ": a path goes to " + service);
        }
      }
      boolean tls = false;
      for (JsonNode t : ingress.at("/spec/tls")) {
        for (JsonNode h : t.path("hosts")) {
          tls |= h.asText().equals(host) && t.has("secretName");
        }
      }
      if (!tls) {
        v.add(name + ": host " + host + " has no TLS");
      }
    }
    // The API host reaches the gateway's HTTPS port; the issuer host is the issuer tokens name.
    JsonNode apiPort = m.get("Ingress", "api").at("/spec/rules/0/http/paths/0/backend/service/port/name");
    JsonNode gatewayPort = m.get("Service", "gateway").at("/spec/ports/0");
    if (!apiPort.asText().equals(gatewayPort.path("name").asText()) || !gatewayPort.path("name").asText().equals("https")) {
      v.add("api: reaches gateway port " + apiPort.asText() + ", not its https port");
    }
    JsonNode wwwPort = m.get("Ingress", "www").at("/spec/rules/0/http/paths/0/backend/service/port/name");
    JsonNode webPort = m.get("Service", "web").at("/spec/ports/0");
    if (!wwwPort.asText().equals(webPort.path("name").asText()) || !webPort.path("name").asText().equals("https")) {
      v.add("www: reaches web port " + wwwPort.asText() + ", not its https port");
    }
    // The pages host is where the web says browsers reach it (its Origin check) and where identity-service
    // sends people (launch addresses).
    String wwwHost = m.get("Ingress", "www").at("/spec/rules/0/host").asText();
    String webHost = URI.create(SpringConfig.of(m, m.deployment("web")).get("idnet.web.public-url").orElse("")).getHost();
    String pagesHost = URI.create(SpringConfig.of(m, m.deployment("identity-service")).get("idnet.identity.hosted.pages-url")
        .orElse("")).getHost();
    if (!wwwHost.equals(webHost) || !wwwHost.equals(pagesHost)) {
      v.add("www: host " + wwwHost + ", the web's public-url " + webHost + ", identity-service's pages-url " + pagesHost);
    }
    String issuerHost = m.get("Ingress", "issuer").at("/spec/rules/0/host").asText();
    String keycloakHost = URI.create(m.get("Keycloak", "keycloak").at("/spec/hostname/hostname").asText()).getHost();
    String tokensHost = URI.create(SpringConfig.of(m, m.deployment("gateway")).get("idnet.gateway.jwt.issuer-uri").orElse("")).getHost();
    if (!issuerHost.equals(keycloakHost) || !issuerHost.equals(tokensHost)) {
      v.add("issuer: host " + issuerHost + ", Keycloak's hostname " + keycloakHost + ", tokens' issuer " + tokensHost);
    }
    // The controller's namespace is admitted to exactly the three backends, on their ports.
    for (String policy : List.of("gateway", "keycloak", "web")) {
      boolean admitted = false;
      for (JsonNode rule : m.get("NetworkPolicy", policy).at("/spec/ingress")) {
        for (JsonNode peer : rule.path("from")) {
          admitted |= NetworkFlows.EDGE_NAMESPACE.equals(peer.at("/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText())
              && rule.path("ports").findValues("port").stream().anyMatch(p -> p.asInt() == 8443);
        }
      }
      if (!admitted) {
        v.add("NetworkPolicy " + policy + " does not admit the edge (" + NetworkFlows.EDGE_NAMESPACE + ") on 8443");
      }
    }
    // X-Forwarded-For is believed from the edge's pods alone, the same range at the gateway and Keycloak.
    String trusted = SpringConfig.of(m, m.deployment("gateway")).get("idnet.gateway.trusted-proxies").orElse("");
    String webTrusted = SpringConfig.of(m, m.deployment("web")).get("idnet.web.trusted-proxies").orElse("");
    if (!SpringConfig.list(trusted).equals(SpringConfig.list(webTrusted))) {
      v.add("trusted proxies: the gateway's [" + trusted + "] and the web's [" + webTrusted + "] differ");
    }
    String keycloakTrusted = "";
    for (JsonNode option : m.get("Keycloak", "keycloak").at("/spec/additionalOptions")) {
      if (option.path("name").asText().equals("proxy-trusted-addresses")) {
        keycloakTrusted = option.path("value").asText();
      }
    }
    if (!SpringConfig.list(trusted).equals(SpringConfig.list(keycloakTrusted)) || SpringConfig.list(trusted).isEmpty()) {
      v.add("trusted proxies: the gateway's [" + trusted + "] and Keycloak's [" + keycloakTrusted + "] differ or are empty");
    }
    for (String range : SpringConfig.list(trusted)) {
      int bits = range.contains("/") ? Integer.parseInt(range.substring(range.indexOf('/') + 1)) : 32;
      if (bits <= 16) {
        v.add("trusted proxies: " + range + " is a /16 or wider: the edge's pods only");
      }
    }
    int publicPort = new NetworkFlows(m).publicPort("gateway");
    if (publicPort != 8443) {
      v.add("the gateway's public port is " + publicPort);
    }
    return v;
  }

  /** Whether an Ingress routes this path (pathType Prefix: whole path elements; Exact: the path itself). */
  static boolean routes(JsonNode ingress, String path) {
    for (JsonNode p : ingress.at("/spec/rules/0/http/paths")) {
      String prefix = p.path("path").asText();
      boolean match = switch (p.path("pathType").asText()) {
        case "Exact" -> path.equals(prefix);
        case "Prefix" -> prefix.equals("/") || path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
        default -> true; // ImplementationSpecific: ingress-nginx treats it as a regex prefix; refuse to reason about it
      };
      if (match) {
        return true;
      }
    }
    return false;
  }
}
