package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No CA's private key is a Secret in namespace idnet (where the Keycloak operator may read every
 * Secret), and each CA a pod trusts signs exactly what the pod verifies with it: the issuer CA
 * (officials' keys) keycloak-service's certificate alone, Redis's CA Redis's alone, the databases' CA
 * the two PostgreSQL clusters', idnet-ca the four SPIFFE certificates. Then each rule is broken once.
 */
class TrustAnchorTest {

  static final List<String> OVERLAYS = Kustomize.OVERLAYS;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void noCaKeyInTheNamespaceAndEachCaSignsWhatItsClientsVerify(String overlay) {
    Manifests manifests = Manifests.overlay(overlay);

    assertThat(TrustAnchors.all(manifests)).isEmpty();
    for (String deployable : List.of("gateway", "identity-service", "disclosure-service")) {
      var pod = manifests.deployment(deployable).at("/spec/template/spec");
      assertThat(TrustAnchors.caOfVolume(manifests, pod, "issuer-ca")).as(deployable).contains("keycloak");
    }
    assertThat(TrustAnchors.signedBy(manifests, "keycloak")).containsExactly("keycloak-tls");
    assertThat(manifests.ofKind("ExternalSecret")).filteredOn(es -> TrustAnchors.remoteKeys(es).stream()
        .anyMatch(k -> k.startsWith("idnet/ca-keys/"))).extracting(es -> es.at("/metadata/namespace").asText())
        .hasSize(6).containsOnly("cert-manager");
  }

  static Stream<Arguments> brokenRules() {
    return Stream.of(
        broken("a CA key read into idnet", "ca-keys: ExternalSecret idnet-ca in idnet reads a CA key",
            m -> ((ObjectNode) m.get("ExternalSecret", "idnet-ca").path("metadata")).put("namespace", "idnet")),
        broken("the CA keys' store used for something else", "ca-keys: ExternalSecret redis-password uses the CA keys' store",
            m -> ((ObjectNode) m.get("ExternalSecret", "redis-password").at("/spec/secretStoreRef")).put("name", "idnet-ca-keys")),
        broken("a namespaced Issuer", "ca-keys: Issuer idnet-db-ca is namespaced", m -> {
          ObjectNode issuer = m.get("ClusterIssuer", "idnet-db-ca");
          issuer.put("kind", "Issuer");
          ((ObjectNode) issuer.path("metadata")).put("namespace", "idnet");
        }),
        broken("another certificate from the issuer CA",
            "trust-anchors: gateway /etc/idnet/issuer-ca trusts CA keycloak, which signs [keycloak-tls, redis-tls]",
            m -> ((ObjectNode) m.get("Certificate", "redis-tls").at("/spec/issuerRef")).put("name", "idnet-keycloak-ca")),
        broken("the issuer trusted with the databases' CA",
            "trust-anchors: identity-service /etc/idnet/issuer-ca trusts CA db, which signs [identity-db-server, shared-db-server, webhooks-db-server]",
            m -> volume(m, "identity-service", "issuer-ca").put("secretName", "db-ca")),
        broken("Redis trusted with a CA that signs the databases too",
            "trust-anchors: phone-otp-service /etc/idnet/redis-ca trusts CA db",
            m -> volume(m, "phone-otp-service", "redis-ca").put("secretName", "db-ca")),
        broken("a cluster stating another CA than its certificate's",
            "trust-anchors: Cluster shared-db states CA redis but its server certificate is signed by db",
            m -> ((ObjectNode) m.get("Cluster", "shared-db").at("/spec/certificates")).put("serverCASecret", "redis-ca")));
  }

  private static Arguments broken(String what, String violation, Consumer<Manifests> breakIt) {
    return Arguments.of(what, violation, breakIt);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  void aBrokenRuleIsNoticed(String what, String violation, Consumer<Manifests> breakIt) {
    Manifests broken = Manifests.overlay("production").copy();
    breakIt.accept(broken);

    assertThat(TrustAnchors.all(broken)).anyMatch(v -> v.startsWith(violation));
  }

  @Test
  void aCertificateFromANamespacedIssuerIsNoticed() {
    Manifests broken = Manifests.overlay("production").copy();
    ((ObjectNode) broken.get("Certificate", "keycloak-tls").at("/spec/issuerRef")).put("kind", "Issuer");

    assertThat(TrustAnchors.caKeys(broken)).contains("ca-keys: Certificate keycloak-tls is not issued by a ClusterIssuer");
  }

  private static ObjectNode volume(Manifests m, String deployable, String name) {
    for (var v : m.deployment(deployable).at("/spec/template/spec/volumes")) {
      if (v.path("name").asText().equals(name)) {
        return (ObjectNode) v.path("secret");
      }
    }
    throw new AssertionError("no volume " + name);
  }
}
