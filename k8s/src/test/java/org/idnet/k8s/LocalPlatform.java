package org.idnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.idnet.k8s.TrustRoles.Role;
import org.idnet.keysets.tool.KeysetTool;
import org.idnet.keysets.vault.VaultTransitStandIn;
import org.idnet.stores.LocalPostgres;
import org.idnet.stores.LocalSentinel;
import org.idnet.stores.PostgresTls;
import org.idnet.tls.dev.DevelopmentCa;

/**
 * What the operators, cert-manager and the secret store give the pods, on this machine, read from the
 * rendered production manifests rather than from names written here:
 * <ul>
 *   <li>Secrets as the ExternalSecrets of namespace idnet say ({@link LocalSecretStore}); a
 *       Certificate's Secret (the mTLS ones, the gateway's HTTPS) issued by the development CA of its
 *       ClusterIssuer;</li>
 *   <li>one development CA per CA of the store ({@link TrustAnchors}: the clients' copy of its
 *       certificate at {@code idnet/ca/<ca>}, the ClusterIssuer's key Secret, in cert-manager's
 *       namespace, at {@code idnet/ca-keys/<ca>}). Which one verifies what is told by the pods'
 *       configuration ({@link TrustRoles}); PostgreSQL's, Redis's and the issuer's server certificates
 *       come from the one their clients verify with, and the manifests must say the same: the
 *       ClusterIssuer of each server's Certificate, CloudNativePG's serverCASecret;</li>
 *   <li>PostgreSQL over TLS only (one embedded server for both CloudNativePG clusters) with the
 *       clusters' owners, managed roles and databases, their passwords from the Secrets the Clusters
 *       name, and the clusters' own pg_hba rules (scram-sha-256);</li>
 *   <li>Redis Sentinel over TLS with the password of the RedisReplication's Secret; the Vault transit
 *       stand-in with the services' keys and Kubernetes roles; mock-oauth2-server as Keycloak, its
 *       JWKS also over TLS at the in-cluster address ({@link IssuerTlsFront});</li>
 *   <li>the keysets made as an operator makes them, with {@code bin/idnet-keysets generate} and
 *       {@code public-keyset} against the Vault stand-in, and put in the store.</li>
 * </ul>
 * In-cluster addresses the configuration names ({@link Targets}) are rewritten to these.
 */
final class LocalPlatform implements AutoCloseable {

  static final String VAULT_JWT = "projected-token-of-audience-vault";
  private static final Duration VALID = Duration.ofDays(1);

  final Path root;
  final LocalSecretStore secrets;
  final Map<Role, TrustRoles.Source> trust;
  /** In-cluster host:port (or URL) → the local one, in the order they are applied. */
  final Map<String, String> rewrites = new LinkedHashMap<>();
  final MockOAuth2Server keycloak;
  final IssuerTlsFront issuer;
  final LocalPostgres postgres;
  private final Manifests manifests;
  /** By the CA's name in the store (idnet/ca/<name>, idnet/ca-keys/<name>). */
  private final Map<String, DevelopmentCa> cas = new HashMap<>();
  private final LocalSentinel sentinel;
  private final VaultTransitStandIn vault;
  /** Login role → its password, for the test's own checks. */
  final Map<String, String> databaseLogins = new LinkedHashMap<>();

  LocalPlatform(Path root, Manifests manifests) throws IOException {
    this.root = root;
    this.manifests = manifests;
    secrets = new LocalSecretStore(manifests);
    trust = TrustRoles.of(manifests);
    vault = VaultTransitStandIn.start();
    secrets.put(trust(Role.VAULT).secret(), trust(Role.VAULT).key(), Files.readAllBytes(vault.caFile()));
    caCertificatesIntoTheStore();

    for (ObjectNode cluster : manifests.ofKind("Cluster")) {
      checkSignedBy(Role.DATABASE, "Cluster " + Manifests.name(cluster),
          cluster.at("/spec/certificates/serverTLSSecret").asText());
    }
    Path pgTls = ca(Role.DATABASE).issueServer(VALID, "localhost").writeTo(root.resolve("stores/postgres"));
    postgres = LocalPostgres.embeddedWithTls(null, 0, PostgresTls.fromDirectory(pgTls));
    new LocalCloudNativePg(manifests, secrets, postgres, this::sameCa).apply(databaseLogins);

    ObjectNode replication = manifests.ofKind("RedisReplication").getFirst();
    String redisPassword = secrets.text(replication.at("/spec/kubernetesConfig/redisSecret/name").asText(),
        replication.at("/spec/kubernetesConfig/redisSecret/key").asText());
    checkSignedBy(Role.REDIS, "RedisReplication " + Manifests.name(replication),
        replication.at("/spec/TLS/secret/secretName").asText());
    Path redisTls = ca(Role.REDIS).issueForUri("spiffe://idnet/redis", VALID).writeTo(root.resolve("stores/redis"));
    sentinel = LocalSentinel.start(redisPassword, new LocalSentinel.Tls(redisTls.resolve(DevelopmentCa.CERTIFICATE),
        redisTls.resolve(DevelopmentCa.KEY), redisTls.resolve(DevelopmentCa.CA)));

    keycloak = new MockOAuth2Server();
    keycloak.start(InetAddress.getLoopbackAddress(), 0);
    for (ObjectNode k : manifests.ofKind("Keycloak")) {
      checkSignedBy(Role.ISSUER, "Keycloak " + Manifests.name(k), k.at("/spec/http/tlsSecret").asText());
    }
    issuer = new IssuerTlsFront(ca(Role.ISSUER).issueServer(VALID, "localhost").serverContext(),
        URI.create(keycloak.jwksUrl("idnet").toString()));

    rewriteTargets();
    makeKeysets();
  }

  /** The in-cluster addresses every Deployment's configuration names, mapped to the local stand-ins. */
  private void rewriteTargets() {
    Map<String, String> hosts = new LinkedHashMap<>();
    for (String deployable : Manifests.DEPLOYABLES) {
      SpringConfig config = SpringConfig.of(manifests, manifests.deployment(deployable));
      for (Targets.Target t : Targets.of(config)) {
        String hostPort = t.host() + ":" + t.port();
        switch (t.kind()) {
          case POSTGRESQL -> hosts.put(hostPort, "localhost:" + postgres.port());
          case REDIS_SENTINEL -> hosts.put(hostPort, "127.0.0.1:" + sentinel.sentinelPorts().get(0));
          // The services' gRPC peers: channels are lazy, nothing listens there while one service runs.
          case GRPC -> hosts.computeIfAbsent(hostPort, k -> "127.0.0.1:" + freePort());
          // The web's HTTPS calls: Keycloak's in-cluster address is the issuer's TLS front (its token
          // endpoint is not called at start); the gateway is not running beside it (called on a page only).
          case HTTPS -> hosts.put(hostPort, manifests.find("Service", t.host()).isPresent()
              ? "localhost:" + freePort() : issuer.hostPort());
          case REDIS -> throw new AssertionError(t + ": production Redis is Sentinel");
          case OUTSIDE -> outside(t, config, hosts);
        }
      }
    }
    rewrites.putAll(hosts);
  }

  private void outside(Targets.Target t, SpringConfig config, Map<String, String> hosts) {
    if (t.endpoint().equals(Targets.INTERNET)) {
      return; // platforms' webhook endpoints: no address in the configuration, none called at start
    }
    String value = config.get(t.property()).orElseThrow();
    if (t.property().endsWith("issuer-uri")) {
      rewrites.put(value, keycloak.issuerUrl("idnet").toString().replaceAll("/$", ""));
    } else if (t.property().endsWith("jwks-uri")) {
      hosts.put(t.host() + ":" + t.port(), issuer.hostPort());
    } else if (t.endpoint().equals("kms")) {
      hosts.put(t.host() + ":" + t.port(), vault.keyUri("transit", "x").replaceFirst("hcvault://([^/]+)/.*", "$1"));
    }
    // The SMS provider and the register are not called while a service starts.
  }

  /** Each service's keysets, as docs/keys.md has the operator make them, put in the secret store. */
  private void makeKeysets() throws IOException {
    Path token = Files.writeString(Files.createDirectories(root.resolve("operator")).resolve("vault-token"),
        vault.issueToken());
    for (String deployable : Manifests.DEPLOYABLES) {
      SpringConfig config = SpringConfig.of(manifests, manifests.deployment(deployable));
      // The keyset layouts' names: identity, disclosure, webhooks, web (keysets' ServiceLayouts).
      String service = deployable.equals("webhook-dispatcher") ? "webhooks" : deployable.replace("-service", "");
      String keys = Targets.keysPrefix(service);
      if (!config.get(keys + ".provider").map("kms"::equals).orElse(false)) {
        continue;
      }
      URI key = URI.create(rewrite(config.get(keys + ".kms-key-uri").orElseThrow()).replaceFirst("^hcvault", "https"));
      String[] path = key.getPath().substring(1).split("/keys/");
      vault.createKey(path[0], path[1]);
      config.get(keys + ".vault.kubernetes-role").ifPresent(role -> vault.allowKubernetes(role, VAULT_JWT));
      Path made = Files.createDirectories(root.resolve("operator").resolve(service + "-keysets"));
      List<String> login = List.of("--keys.directory", made.toString(), "--keys.kms-key-uri",
          key.toString().replaceFirst("^https", "hcvault"), "--keys.vault.token-file", token.toString(),
          "--keys.vault.ca-file", vault.caFile().toString());
      tool(concat(List.of("generate", "--service", service), login));
      if (service.equals("disclosure")) {
        tool(concat(List.of("public-keyset", "--out", made.resolve("grant-signing-public-keyset.json").toString()),
            login));
      }
      try (var files = Files.list(made)) {
        files.forEach(f -> secrets.provide(f.getFileName().toString(), ref -> read(f)));
      }
    }
  }

  private static void tool(List<String> args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = KeysetTool.run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    if (exit != KeysetTool.OK) {
      throw new AssertionError("bin/idnet-keysets " + args.getFirst() + " exited " + exit + ": " + err);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  String rewrite(String value) {
    String result = value;
    for (var r : rewrites.entrySet()) {
      result = result.replace(r.getKey(), r.getValue());
    }
    return result;
  }

  private TrustRoles.Source trust(Role role) {
    TrustRoles.Source source = trust.get(role);
    if (source == null) {
      throw new AssertionError("no Deployment names a CA file for " + role + " (which Secret verifies it?)");
    }
    return source;
  }

  /** The CA (its name in the store) whose certificate the pods verify {@code role} with. */
  private String caName(Role role) {
    return caName(manifests, trust, role);
  }

  static String caName(Manifests manifests, Map<Role, TrustRoles.Source> trust, Role role) {
    TrustRoles.Source source = trust.get(role);
    if (source == null) {
      throw new AssertionError("no Deployment names a CA file for " + role + " (which Secret verifies it?)");
    }
    return TrustAnchors.caOfSecret(manifests, source.secret()).orElseThrow(() -> new AssertionError("the " + role
        + " CA file comes from Secret " + source.secret() + ", which is not one CA's certificate (idnet/ca/<ca>)"));
  }

  /** The development CA the pods verify {@code role} with. */
  private DevelopmentCa ca(Role role) {
    return ca(caName(role));
  }

  private DevelopmentCa ca(String name) {
    return cas.computeIfAbsent(name, n -> DevelopmentCa.create("idnet-ca-" + n + " (test)", VALID));
  }

  /**
   * Every CA certificate an ExternalSecret of namespace idnet reads from idnet/ca/<ca> (the pods' and the
   * edge's copies) is the development CA of that name; Vault's is the stand-in's own (put before).
   */
  private void caCertificatesIntoTheStore() {
    for (ObjectNode externalSecret : manifests.ofKind("ExternalSecret")) {
      String secret = externalSecret.at("/spec/target/name").asText(Manifests.name(externalSecret));
      if (!secrets.produces(secret) || secret.equals(trust(Role.VAULT).secret())) {
        continue;
      }
      TrustAnchors.caOfSecret(manifests, secret).ifPresent(name -> externalSecret.at("/spec/data")
          .forEach(d -> secrets.put(secret, d.path("secretKey").asText(), pem(ca(name).certificate()))));
    }
  }

  /** Whether Secret {@code secret} holds the certificate of the CA the pods verify {@code role} with. */
  boolean sameCa(Role role, String secret) {
    return TrustAnchors.caOfSecret(manifests, secret).filter(caName(role)::equals).isPresent();
  }

  private void checkSignedBy(Role role, String server, String certificateSecret) {
    checkSignedBy(manifests, trust, role, server, certificateSecret);
  }

  /**
   * The manifests say which CA signs a server's certificate (the ClusterIssuer of the Certificate that
   * writes that Secret); it must be the one its clients verify with.
   */
  static void checkSignedBy(Manifests manifests, Map<Role, TrustRoles.Source> trust, Role role, String server,
      String certificateSecret) {
    String issuer = issuerCa(manifests, certificate(manifests, server, certificateSecret));
    String verifiedWith = caName(manifests, trust, role);
    if (!issuer.equals(verifiedWith)) {
      throw new AssertionError(server + ": its certificate " + certificateSecret + " is signed by CA " + issuer
          + ", but the pods verify it with CA " + verifiedWith + " (Secret " + trust.get(role).secret() + ")");
    }
  }

  private static ObjectNode certificate(Manifests manifests, String server, String secret) {
    return manifests.ofKind("Certificate").stream().filter(c -> c.at("/spec/secretName").asText().equals(secret))
        .findFirst().orElseThrow(() -> new AssertionError(server + ": no cert-manager Certificate writes its Secret "
            + secret));
  }

  /** The CA a Certificate's ClusterIssuer signs with (its key's name in the store). */
  private String issuerCa(ObjectNode certificate) {
    return issuerCa(manifests, certificate);
  }

  static String issuerCa(Manifests manifests, ObjectNode certificate) {
    JsonNode ref = certificate.at("/spec/issuerRef");
    if (!ref.path("kind").asText().equals("ClusterIssuer")) {
      throw new AssertionError("Certificate " + Manifests.name(certificate) + " is issued by " + ref.path("kind")
          .asText("Issuer") + " " + ref.path("name").asText() + ", not a ClusterIssuer (its CA key would be in idnet)");
    }
    return TrustAnchors.caOfIssuer(manifests, ref.path("name").asText()).orElseThrow(() -> new AssertionError(
        "Certificate " + Manifests.name(certificate) + ": ClusterIssuer " + ref.path("name").asText()
        + " signs with no CA key of the store (idnet/ca-keys/<ca>, in cert-manager's namespace)"));
  }

  /** The CA certificate Secret {@code name} holds (key {@code ca.crt}), as ESO writes it. */
  X509Certificate caCertificate(String name) {
    try (var in = new java.io.ByteArrayInputStream(secrets.get(name, "ca.crt"))) {
      return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException | java.security.cert.CertificateException e) {
      throw new IllegalStateException("Secret " + name + " ca.crt", e);
    }
  }

  /** The value of Secret {@code name}'s {@code key}, as ESO writes it. */
  String secretValue(String name, String key) {
    return secrets.text(name, key);
  }

  /** The files of a Secret volume: a cert-manager Certificate's (issued here) or an ExternalSecret's. */
  Map<String, byte[]> secretFiles(String name) {
    for (ObjectNode certificate : manifests.ofKind("Certificate")) {
      if (certificate.at("/spec/secretName").asText().equals(name)) {
        return issue(certificate);
      }
    }
    return secrets.files(name);
  }

  /**
   * A Certificate's Secret (tls.crt, tls.key, ca.crt) from the development CA of its ClusterIssuer: an
   * mTLS one with its SPIFFE ids, a server's (dnsNames only, e.g. the gateway's HTTPS) for
   * {@code localhost}, the name the test reaches it by (the cluster's are the Service names).
   */
  private Map<String, byte[]> issue(ObjectNode certificate) {
    List<String> uris = new ArrayList<>();
    certificate.at("/spec/uris").forEach(u -> uris.add(u.asText()));
    if (uris.isEmpty() && certificate.at("/spec/dnsNames").isEmpty()) {
      throw new AssertionError("Certificate " + Manifests.name(certificate) + " names neither a URI nor a DNS name");
    }
    DevelopmentCa ca = ca(issuerCa(certificate));
    DevelopmentCa.Issued issued = uris.isEmpty() ? ca.issueServer(VALID, "localhost")
        : ca.issueForUris(VALID, uris.toArray(String[]::new));
    Path dir = issued.writeTo(root.resolve("certificates").resolve(Manifests.name(certificate)));
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String f : new String[] {DevelopmentCa.CERTIFICATE, DevelopmentCa.KEY, DevelopmentCa.CA}) {
      files.put(f, read(dir.resolve(f)));
    }
    return files;
  }

  private static byte[] pem(X509Certificate certificate) {
    try {
      return utf8("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
          .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n");
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    issuer.close();
    keycloak.shutdown();
    vault.close();
    sentinel.close();
    postgres.close();
  }
}
