package org.idnet.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.idnet.keysets.vault.VaultTransitStandIn;
import org.idnet.stores.LocalPostgres;
import org.idnet.stores.LocalSentinel;
import org.idnet.stores.PostgresTls;
import org.idnet.tls.dev.DevelopmentCa;

/**
 * What the operators and the secret store give the pods, on this machine: PostgreSQL over TLS only
 * (one embedded server for both CloudNativePG clusters), Redis Sentinel with TLS and a password, one
 * development "store-ca" for both (as cert-manager's store-ca issues both), SPIFFE mTLS certificates
 * from a development "idnet-ca", the Vault transit stand-in (Kubernetes auth) and mock-oauth2-server
 * as Keycloak. Secret values are made up here; every Secret key a manifest names must be known here.
 */
final class LocalPlatform implements AutoCloseable {

  /** Secrets whose files the services themselves make on a first start against the Vault stand-in. */
  static final Set<String> PROVISIONED = Set.of("identity-service-keysets", "disclosure-signing-keysets",
      "disclosure-data-keysets", "disclosure-grant-public-keyset");
  static final String VAULT_JWT = "projected-token-of-audience-vault";
  private static final SecureRandom RANDOM = new SecureRandom();

  final Path root;
  private final DevelopmentCa idnetCa;
  private final DevelopmentCa storeCa;
  /** Signs the gateway's HTTPS certificate, as idnet-gateway-ca does (for "localhost", the address used here). */
  final DevelopmentCa gatewayCa;
  private final LocalPostgres postgres;
  private final LocalSentinel sentinel;
  private final VaultTransitStandIn vault;
  private final MockOAuth2Server keycloak;
  private final Map<String, String> values = new HashMap<>();
  /** In-cluster host:port (or URL) → the local one, in the order they are applied. */
  final Map<String, String> rewrites = new LinkedHashMap<>();

  LocalPlatform(Path root) throws IOException {
    this.root = root;
    idnetCa = DevelopmentCa.create("idnet-ca (test)", Duration.ofDays(1));
    storeCa = DevelopmentCa.create("store-ca (test)", Duration.ofDays(1));
    gatewayCa = DevelopmentCa.create("gateway-ca (test)", Duration.ofDays(1));
    // PostgreSQL: verify-full checks the host name, so the certificate names the host the URL is
    // rewritten to (localhost), as store-ca's names identity-db-rw / shared-db-rw in the cluster.
    Path pgTls = storeCa.issueServer(Duration.ofDays(1), "localhost").writeTo(root.resolve("stores/postgres"));
    postgres = LocalPostgres.embeddedWithTls(null, 0, PostgresTls.fromDirectory(pgTls));
    Path redisTls = storeCa.issueForUri("spiffe://idnet/redis", Duration.ofDays(1)).writeTo(root.resolve("stores/redis"));
    String redisPassword = "redis-" + token(12);
    sentinel = LocalSentinel.start(redisPassword, new LocalSentinel.Tls(redisTls.resolve(DevelopmentCa.CERTIFICATE),
        redisTls.resolve(DevelopmentCa.KEY), redisTls.resolve(DevelopmentCa.CA)));
    vault = VaultTransitStandIn.start().createKey("transit", "idnet-identity").createKey("transit", "idnet-disclosure");
    vault.allowKubernetes("idnet-identity", VAULT_JWT);
    vault.allowKubernetes("idnet-disclosure", VAULT_JWT);
    keycloak = new MockOAuth2Server();
    keycloak.start(InetAddress.getLoopbackAddress(), 0);

    values.put("redis-password/password", redisPassword);
    database("identity", "idnet_identity_app", "identity-db");
    database("disclosure", "idnet_disclosure_app", "disclosure-db");
    values.put("population-register/api-key", token(24));
    values.put("sms-provider/api-key", token(24));
    values.put("phone-otp-keys/code-hash-key", key32());
    values.put("phone-otp-keys/data-key", key32());

    String vaultHostPort = vault.keyUri("transit", "x").replaceFirst("hcvault://([^/]+)/.*", "$1");
    rewrites.put("https://sso.idnet.invalid/realms/idnet", keycloak.issuerUrl("idnet").toString().replaceAll("/$", ""));
    rewrites.put("identity-db-rw:5432", "localhost:" + postgres.port());
    rewrites.put("shared-db-rw:5432", "localhost:" + postgres.port());
    rewrites.put("redis-sentinel:26379", "127.0.0.1:" + sentinel.sentinelPorts().get(0));
    rewrites.put("vault.idnet.invalid:8200", vaultHostPort);
    // The services' gRPC peers: channels are lazy, nothing listens there while one service runs.
    rewrites.put("phone-otp-service:9091", "127.0.0.1:" + freePort());
    rewrites.put("identity-service:9092", "127.0.0.1:" + freePort());
    rewrites.put("disclosure-service:9093", "127.0.0.1:" + freePort());
  }

  /** A database owned by its migration role, with an application role beside it (CloudNativePG's bootstrap). */
  private void database(String name, String appRole, String secretPrefix) {
    String owner = "idnet_" + name + "_owner";
    postgres.ensureLoginRole(owner, token(16));
    postgres.ensureLoginRole(appRole, token(16));
    postgres.createDatabase(name);
    try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.user(), postgres.password());
        Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE " + name + " OWNER TO " + owner);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(name), postgres.user(), postgres.password());
        Statement s = c.createStatement()) {
      s.execute("ALTER SCHEMA public OWNER TO " + owner);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    values.put(secretPrefix + "-app/password", token(16));
    values.put(secretPrefix + "-owner/username", owner);
    values.put(secretPrefix + "-owner/password", token(16));
  }

  /** The value of Secret {@code name}'s {@code key}; fails for a pair no ExternalSecret here provides. */
  String secretValue(String name, String key) {
    String value = values.get(name + "/" + key);
    if (value == null) {
      throw new AssertionError("the manifest reads Secret " + name + " key " + key + ", which the test's secret store"
          + " does not have (a misspelt Secret or key?)");
    }
    return value;
  }

  /** The files of a Secret volume (all its keys); provisioned ones are empty until the service made them. */
  Map<String, byte[]> secretFiles(String name, String service) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    switch (name) {
      // One development CA stands in for the databases', Redis's and Keycloak's CAs (separate in the cluster).
      case "db-ca", "redis-ca", "keycloak-ca" ->
          files.put("ca.crt", read(root.resolve("stores/postgres").resolve(DevelopmentCa.CA)));
      case "vault-ca" -> files.put("ca.crt", read(vault.caFile()));
      case "gateway-https" -> {
        Path dir = gatewayCa.issueServer(Duration.ofDays(1), "localhost").writeTo(root.resolve("https/gateway"));
        files.put("tls.crt", read(dir.resolve(DevelopmentCa.CERTIFICATE)));
        files.put("tls.key", read(dir.resolve(DevelopmentCa.KEY)));
      }
      default -> {
        if (name.equals(service + "-mtls")) {
          Path dir = idnetCa.issue(service, Duration.ofDays(1)).writeTo(root.resolve("mtls").resolve(service));
          for (String f : new String[] {DevelopmentCa.CERTIFICATE, DevelopmentCa.KEY, DevelopmentCa.CA}) {
            files.put(f, read(dir.resolve(f)));
          }
        } else if (PROVISIONED.contains(name)) {
          Path dir = provisioned(name);
          try (var list = Files.list(dir)) {
            list.forEach(f -> files.put(f.getFileName().toString(), read(f)));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        } else {
          throw new AssertionError("the manifest mounts Secret " + name + " for " + service
              + ", which the test's secret store does not have");
        }
      }
    }
    return files;
  }

  /** Where the files of a provisioned Secret are kept between the first start and the next. */
  Path provisioned(String secret) {
    try {
      return Files.createDirectories(root.resolve("secrets").resolve(secret));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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

  private static String token(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b).replace('-', 'x').replace('_', 'y');
  }

  private static String key32() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    keycloak.shutdown();
    vault.close();
    sentinel.close();
    postgres.close();
  }
}
