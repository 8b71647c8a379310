package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The approver-policy component (both overlays: the ClusterIssuers are cluster-wide) approves each idnet Certificate by the policy of its
 * own ClusterIssuer, and refuses a certificate for another store's or service's name from an issuer,
 * for a namespace other than idnet, or with a name or usage the policy does not list. Evaluated here
 * as approver-policy's documentation describes its default checks (every requested name, URI and
 * usage among the allowed values, `*` matching any characters; `required` fields present; the
 * selector's issuer and namespace; duration and key constraints); what approver-policy itself
 * decides only a cluster shows.
 */
class ApproverPolicyTest {

  private final Manifests production = Manifests.overlay("production");

  @ParameterizedTest
  @FieldSource("org.idnet.k8s.Kustomize#OVERLAYS")
  void everyCertificateIsApprovedByItsIssuersPolicyAlone(String overlay) {
    Manifests manifests = Manifests.overlay(overlay);
    for (JsonNode certificate : manifests.ofKind("Certificate")) {
      assertThat(approving(manifests, certificate, "idnet")).as(overlay + " " + Manifests.name(certificate)).hasSize(1);
      // Not in another namespace: the issuers are ClusterIssuers, reachable from every namespace.
      assertThat(approving(manifests, certificate, "default")).as(overlay + " " + Manifests.name(certificate)).isEmpty();
    }
    assertThat(manifests.ofKind("CertificateRequestPolicy")).as(overlay).hasSize(6);
  }

  /**
   * The web is no mutual-TLS peer (docs/pages.md): no Certificate gives it a SPIFFE id, idnet-ca would
   * approve none for it, its HTTPS certificate comes from its own CA, and its pod mounts no idnet-ca
   * certificate.
   */
  @Test
  void theWebGetsNoSpiffeIdAndNoMutualTlsCertificate() {
    for (JsonNode certificate : production.ofKind("Certificate")) {
      assertThat(strings(certificate.at("/spec/uris"))).as(Manifests.name(certificate))
          .doesNotContain("spiffe://idnet/web");
    }
    ObjectNode web = production.get("Certificate", "web-https");
    assertThat(web.at("/spec/uris").isMissingNode()).isTrue();
    assertThat(web.at("/spec/issuerRef/name").asText()).isEqualTo("idnet-web-ca");
    assertThat(TrustAnchors.signedBy(production, "web")).containsExactly("web-https");

    ObjectNode asPeer = production.get("Certificate", "gateway-mtls").deepCopy();
    ((ArrayNode) asPeer.at("/spec/uris")).removeAll().add("spiffe://idnet/web");
    ((ArrayNode) asPeer.at("/spec/dnsNames")).removeAll().add("web");
    assertThat(approving(production, asPeer, "idnet")).as("a SPIFFE id for the web from idnet-ca").isEmpty();
    ObjectNode fromWebCa = asPeer.deepCopy();
    ((ObjectNode) fromWebCa.at("/spec/issuerRef")).put("name", "idnet-web-ca");
    assertThat(approving(production, fromWebCa, "idnet")).as("a SPIFFE id for the web from idnet-web-ca").isEmpty();

    JsonNode pod = production.deployment("web").at("/spec/template/spec");
    for (JsonNode volume : pod.path("volumes")) {
      String secret = volume.at("/secret/secretName").asText("");
      production.ofKind("Certificate").stream().filter(c -> c.at("/spec/secretName").asText().equals(secret))
          .forEach(c -> assertThat(c.at("/spec/issuerRef/name").asText()).as("web mounts " + secret).isNotEqualTo("idnet-ca"));
    }
    assertThat(pod.at("/containers/0/env").findValuesAsText("name")).doesNotContain("IDNET_TLS_DIRECTORY");
  }

  @Test
  void anotherNameIssuerOrNamespaceIsRefused() {
    ObjectNode keycloak = production.get("Certificate", "keycloak-tls").deepCopy();
    ((ArrayNode) keycloak.at("/spec/dnsNames")).add("identity-db-rw");
    assertThat(approving(production, keycloak, "idnet")).isEmpty();

    ObjectNode fromDbCa = production.get("Certificate", "keycloak-tls").deepCopy();
    ((ObjectNode) fromDbCa.at("/spec/issuerRef")).put("name", "idnet-db-ca");
    assertThat(approving(production, fromDbCa, "idnet")).isEmpty();

    ObjectNode spiffe = production.get("Certificate", "gateway-mtls").deepCopy();
    ((ArrayNode) spiffe.at("/spec/uris")).removeAll().add("spiffe://idnet/keycloak");
    assertThat(approving(production, spiffe, "idnet")).isEmpty();

    assertThat(approving(production, production.get("Certificate", "gateway-mtls"), "default")).isEmpty();

    ObjectNode signing = production.get("Certificate", "identity-db-server").deepCopy();
    ((ArrayNode) signing.at("/spec/usages")).add("cert sign");
    assertThat(approving(production, signing, "idnet")).isEmpty();
  }

  /** The policies that would approve this Certificate's request from that namespace. */
  static List<String> approving(Manifests m, JsonNode certificate, String namespace) {
    List<String> approving = new ArrayList<>();
    JsonNode spec = certificate.path("spec");
    for (JsonNode policy : m.ofKind("CertificateRequestPolicy")) {
      JsonNode p = policy.path("spec");
      JsonNode issuer = p.at("/selector/issuerRef");
      boolean selected = issuer.path("name").asText().equals(spec.at("/issuerRef/name").asText())
          && issuer.path("kind").asText().equals(spec.at("/issuerRef/kind").asText())
          && strings(p.at("/selector/namespace/matchNames")).contains(namespace);
      if (selected && allowed(p.at("/allowed/dnsNames"), spec.path("dnsNames"))
          && allowed(p.at("/allowed/uris"), spec.path("uris"))
          && strings(p.at("/allowed/usages")).containsAll(strings(spec.path("usages")))
          && !spec.has("commonName") && !spec.has("ipAddresses") && !spec.has("emailAddresses") && !spec.path("isCA").asBoolean()
          && Policies.parse(spec.path("duration").asText()).compareTo(Policies.parse(p.at("/constraints/maxDuration").asText())) <= 0
          && spec.at("/privateKey/algorithm").asText().equals(p.at("/constraints/privateKey/algorithm").asText())
          && spec.at("/privateKey/size").asInt() >= p.at("/constraints/privateKey/minSize").asInt()) {
        approving.add(Manifests.name(policy));
      }
    }
    return approving;
  }

  private static boolean allowed(JsonNode rule, JsonNode requested) {
    List<String> values = strings(rule.path("values"));
    if (requested.isMissingNode() || requested.isEmpty()) {
      return !rule.path("required").asBoolean(false);
    }
    return strings(requested).stream().allMatch(r -> values.stream().anyMatch(v -> glob(v).matcher(r).matches()));
  }

  private static Pattern glob(String value) {
    return Pattern.compile(Pattern.quote(value).replace("*", "\\E.*\\Q"));
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(v -> list.add(v.asText()));
    return list;
  }
}
