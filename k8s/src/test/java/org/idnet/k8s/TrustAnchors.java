package org.idnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where each CA's key lives and what trusting each CA vouches for, from the rendered objects:
 * - no CA key reaches namespace idnet: every ExternalSecret that reads a key of {@code idnet/ca-keys/}
 *   is outside it and uses the ClusterSecretStore {@code idnet-ca-keys}, nothing in idnet uses that
 *   store or such a key, no namespaced Issuer exists, and every Certificate names a ClusterIssuer;
 * - each CA file a pod mounts (a trust anchor) is the certificate of one CA, and that CA signs exactly
 *   the certificates of what the pod verifies with it (the issuer's CA signs keycloak-service's alone).
 * A CA is linked across the two by the store's convention: its certificate at {@code idnet/ca/<ca>}, the
 * same with its key at {@code idnet/ca-keys/<ca>}.
 */
final class TrustAnchors {

  static final String NAMESPACE = "idnet";
  static final String CA_KEYS_STORE = "idnet-ca-keys";
  private static final String CA_KEYS = "idnet/ca-keys/";
  private static final String CA_CERTS = "idnet/ca/";

  /** Mount path of a trust anchor → the Certificates its CA may sign, and nothing else. */
  static final Map<String, Set<String>> SIGNS = Map.of(
      "/etc/idnet/issuer-ca", Set.of("keycloak-tls"),
      "/etc/idnet/redis-ca", Set.of("redis-tls"),
      // The web's anchor for the gateway's HTTPS port (gateway:8443).
      "/etc/idnet/gateway-ca", Set.of("gateway-https"),
      "/etc/idnet/db-ca", Set.of("identity-db-server", "shared-db-server", "webhooks-db-server"),
      "/etc/idnet/tls", Set.of("gateway-mtls", "phone-otp-service-mtls", "identity-service-mtls", "disclosure-service-mtls",
          "webhook-dispatcher-mtls"));

  /** The CA-certificate Secrets of namespace idnet (the clients' copies) → what their CA may sign. */
  static final Map<String, Set<String>> CA_SECRETS = Map.of(
      "keycloak-ca", SIGNS.get("/etc/idnet/issuer-ca"),
      "redis-ca", SIGNS.get("/etc/idnet/redis-ca"),
      "db-ca", SIGNS.get("/etc/idnet/db-ca"),
      "gateway-ca", SIGNS.get("/etc/idnet/gateway-ca"),
      // The web's HTTPS (the edge verifies it): its CA signs web-https alone.
      "web-ca", Set.of("web-https"),
      // Vault's own CA (outside the cluster): it signs no Certificate here.
      "vault-ca", Set.of());

  private TrustAnchors() {
  }

  static List<String> all(Manifests m) {
    List<String> v = new ArrayList<>(caKeys(m));
    v.addAll(anchors(m));
    return v;
  }

  /** No CA key in namespace idnet, nor a way to ask for one from there. */
  static List<String> caKeys(Manifests m) {
    List<String> v = new ArrayList<>();
    for (JsonNode es : m.ofKind("ExternalSecret")) {
      String namespace = es.at("/metadata/namespace").asText();
      String store = es.at("/spec/secretStoreRef/name").asText();
      boolean readsKey = remoteKeys(es).stream().anyMatch(k -> k.startsWith(CA_KEYS));
      if (readsKey && (namespace.equals(NAMESPACE) || !store.equals(CA_KEYS_STORE))) {
        v.add("ca-keys: ExternalSecret " + Manifests.name(es) + " in " + namespace + " reads a CA key through " + store);
      }
      if (!readsKey && store.equals(CA_KEYS_STORE)) {
        v.add("ca-keys: ExternalSecret " + Manifests.name(es) + " uses the CA keys' store for something else");
      }
    }
    m.ofKind("Issuer").forEach(i -> v.add("ca-keys: Issuer " + Manifests.name(i) + " is namespaced: its key would be a Secret"
        + " in " + i.at("/metadata/namespace").asText()));
    for (JsonNode c : m.ofKind("Certificate")) {
      if (!c.at("/spec/issuerRef/kind").asText().equals("ClusterIssuer")) {
        v.add("ca-keys: Certificate " + Manifests.name(c) + " is not issued by a ClusterIssuer");
      }
    }
    for (JsonNode issuer : m.ofKind("ClusterIssuer")) {
      String secret = issuer.at("/spec/ca/secretName").asText();
      if (keyEntry(m, secret).isEmpty()) {
        v.add("ca-keys: ClusterIssuer " + Manifests.name(issuer) + " signs with Secret " + secret
            + ", which no ExternalSecret of the CA keys' store writes");
      }
    }
    return v;
  }

  /** Each trust anchor a pod mounts: one CA, which signs exactly what the pod verifies with it. */
  static List<String> anchors(Manifests m) {
    List<String> v = new ArrayList<>();
    for (String deployable : Manifests.DEPLOYABLES) {
      JsonNode pod = m.deployment(deployable).at("/spec/template/spec");
      for (JsonNode container : pod.path("containers")) {
        for (JsonNode mount : container.path("volumeMounts")) {
          Set<String> expected = SIGNS.get(mount.path("mountPath").asText());
          if (expected == null) {
            continue;
          }
          String where = "trust-anchors: " + deployable + " " + mount.path("mountPath").asText();
          Optional<String> ca = caOfVolume(m, pod, mount.path("name").asText());
          if (ca.isEmpty()) {
            v.add(where + " is not one CA's certificate the manifests can trace");
            continue;
          }
          Set<String> signed = signedBy(m, ca.get());
          if (!signed.equals(expected)) {
            v.add(where + " trusts CA " + ca.get() + ", which signs " + signed + ", not exactly " + new TreeSet<>(expected));
          }
        }
      }
    }
    // Every CA certificate the namespace holds (the edge's and Keycloak's anchors too) is one CA's, signing
    // exactly what that Secret is trusted for.
    for (JsonNode es : m.ofKind("ExternalSecret")) {
      if (!NAMESPACE.equals(es.at("/metadata/namespace").asText())
          || remoteKeys(es).stream().noneMatch(k -> k.startsWith(CA_CERTS))) {
        continue;
      }
      String secret = es.at("/spec/target/name").asText(Manifests.name(es));
      Set<String> expected = CA_SECRETS.get(secret);
      Optional<String> ca = caOfSecret(m, secret);
      if (expected == null || ca.isEmpty() || !signedBy(m, ca.get()).equals(expected)) {
        v.add("trust-anchors: Secret " + secret + " holds CA " + ca.orElse("(not one CA)") + ", which signs "
            + ca.map(c -> signedBy(m, c)).orElse(Set.of()) + ", not " + (expected == null ? "a declared set" : new TreeSet<>(expected)));
      }
    }
    // Keycloak verifies its database with its truststore; each PostgreSQL cluster states its CA.
    for (JsonNode keycloak : m.ofKind("Keycloak")) {
      keycloak.at("/spec/truststores").forEach(t -> {
        Optional<String> ca = caOfSecret(m, t.at("/secret/name").asText());
        if (ca.isEmpty() || !signedBy(m, ca.get()).equals(SIGNS.get("/etc/idnet/db-ca"))) {
          v.add("trust-anchors: Keycloak " + Manifests.name(keycloak) + " truststore " + t.at("/secret/name").asText()
              + " is not the databases' CA alone (" + ca.map(c -> c + " signs " + signedBy(m, c)).orElse("untraced") + ")");
        }
      });
    }
    for (JsonNode cluster : m.ofKind("Cluster")) {
      Optional<String> stated = caOfSecret(m, cluster.at("/spec/certificates/serverCASecret").asText());
      Optional<String> signing = m.ofKind("Certificate").stream()
          .filter(c -> c.at("/spec/secretName").asText().equals(cluster.at("/spec/certificates/serverTLSSecret").asText()))
          .findFirst().flatMap(c -> caOfIssuer(m, c.at("/spec/issuerRef/name").asText()));
      if (stated.isEmpty() || !stated.equals(signing)) {
        v.add("trust-anchors: Cluster " + Manifests.name(cluster) + " states CA " + stated.orElse("(untraced)")
            + " but its server certificate is signed by " + signing.orElse("(untraced)"));
      }
    }
    return v;
  }

  /** The CA whose certificate alone a Secret of namespace idnet holds (an ExternalSecret of idnet/ca/<ca>). */
  static Optional<String> caOfSecret(Manifests m, String secret) {
    return m.find("ExternalSecret", secret).filter(es -> NAMESPACE.equals(es.at("/metadata/namespace").asText()))
        .flatMap(es -> {
          List<String> keys = remoteKeys(es);
          return keys.size() == 1 && keys.get(0).startsWith(CA_CERTS)
              ? Optional.of(keys.get(0).substring(CA_CERTS.length())) : Optional.empty();
        });
  }

  /** The CA (by its store name) whose certificate a volume holds. */
  static Optional<String> caOfVolume(Manifests m, JsonNode pod, String volume) {
    for (JsonNode vol : pod.path("volumes")) {
      if (!vol.path("name").asText().equals(volume) || !vol.has("secret")) {
        continue;
      }
      String secret = vol.at("/secret/secretName").asText();
      Optional<JsonNode> certificate = m.ofKind("Certificate").stream()
          .filter(c -> c.at("/spec/secretName").asText().equals(secret)).map(JsonNode.class::cast).findFirst();
      if (certificate.isPresent()) { // a Certificate's own Secret: its ca.crt is the issuing CA
        return caOfIssuer(m, certificate.get().at("/spec/issuerRef/name").asText());
      }
      return caOfSecret(m, secret);
    }
    return Optional.empty();
  }

  /** The CA a ClusterIssuer signs with. */
  static Optional<String> caOfIssuer(Manifests m, String issuer) {
    return m.find("ClusterIssuer", issuer).flatMap(i -> keyEntry(m, i.at("/spec/ca/secretName").asText()))
        .map(k -> k.substring(CA_KEYS.length()));
  }

  /** The Certificates signed by the ClusterIssuers using this CA. */
  static Set<String> signedBy(Manifests m, String ca) {
    Set<String> signed = new TreeSet<>();
    for (JsonNode c : m.ofKind("Certificate")) {
      if (caOfIssuer(m, c.at("/spec/issuerRef/name").asText()).filter(ca::equals).isPresent()) {
        signed.add(Manifests.name(c));
      }
    }
    return signed;
  }

  /** The store entry of the CA key that an ExternalSecret of the CA keys' store writes to this Secret. */
  private static Optional<String> keyEntry(Manifests m, String secret) {
    return m.ofKind("ExternalSecret").stream()
        .filter(es -> es.at("/spec/target/name").asText(Manifests.name(es)).equals(secret))
        .filter(es -> es.at("/spec/secretStoreRef/name").asText().equals(CA_KEYS_STORE))
        .filter(es -> !NAMESPACE.equals(es.at("/metadata/namespace").asText()))
        .flatMap(es -> remoteKeys(es).stream()).filter(k -> k.startsWith(CA_KEYS)).findFirst();
  }

  static List<String> remoteKeys(JsonNode externalSecret) {
    List<String> keys = new ArrayList<>();
    externalSecret.at("/spec/data").forEach(d -> {
      // dev reads idnet-dev/... (its own paths in the same store); what a key holds is the rest of it.
      String key = d.at("/remoteRef/key").asText().replaceFirst("^idnet-[a-z]+/", "idnet/");
      if (!keys.contains(key)) {
        keys.add(key);
      }
    });
    return keys;
  }
}
