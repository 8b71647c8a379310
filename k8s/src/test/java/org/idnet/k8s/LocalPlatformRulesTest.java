package org.idnet.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.idnet.k8s.TrustRoles.Role;
import org.junit.jupiter.api.Test;

/**
 * The start test's stand-ins read names from the manifests; these are the rules by which they do,
 * each broken on purpose: which Secret verifies which server is told by the configuration that reads
 * the file, the same everywhere; a Secret exists only if an ExternalSecret writes it, with the keys it
 * writes.
 */
class LocalPlatformRulesTest {

  private final Manifests production = Manifests.overlay("production");

  @Test
  void eachCaRoleIsTheSecretThePodsMountWhereTheirConfigurationReadsIt() {
    Map<Role, TrustRoles.Source> roles = TrustRoles.of(production);

    assertThat(roles).containsOnlyKeys(Role.values());
    roles.values().forEach(source -> assertThat(new LocalSecretStore(production).produces(source.secret()))
        .as("%s is written by an ExternalSecret", source).isTrue());
    assertThat(TrustRoles.role("spring.datasource.url", "jdbc:postgresql://x/db?sslmode=verify-full&sslrootcert=/a"))
        .contains(Role.DATABASE);
    assertThat(TrustRoles.role("IDNET_REDIS_TRUST_FILE", "/etc/idnet/redis-ca/ca.crt")).contains(Role.REDIS);
    assertThat(TrustRoles.role("idnet.evidence.trust-file", "/etc/idnet/issuer-ca/ca.crt")).contains(Role.ISSUER);
    assertThat(TrustRoles.role("idnet.disclosure.keys.vault.ca-file", "/v/ca.crt")).contains(Role.VAULT);
    assertThat(TrustRoles.role("spring.datasource.url", "jdbc:postgresql://x/db")).isEmpty();
  }

  @Test
  void aCaFileNoVolumeHoldsFailsNamingTheProperty() {
    Manifests broken = production.copy();
    ObjectNode gateway = broken.deployment("gateway");
    gateway.withArray("/spec/template/spec/containers/0/env").forEach(env -> {
      if (env.path("name").asText().equals("IDNET_REDIS_TRUST_FILE")) {
        ((ObjectNode) env).put("value", "/etc/idnet/nowhere/ca.crt");
      }
    });

    assertThatThrownBy(() -> TrustRoles.of(broken)).hasMessageStartingWith("gateway: idnet.redis.trust")
        .hasMessageContaining("/etc/idnet/nowhere/ca.crt").hasMessageContaining("no volume");
  }

  @Test
  void twoPodsVerifyingOneServerWithDifferentSecretsFail() {
    Manifests broken = production.copy();
    ObjectNode identity = broken.deployment("identity-service");
    identity.withArray("/spec/template/spec/volumes").forEach(volume -> {
      if (volume.path("name").asText().equals("redis-ca")) {
        ((ObjectNode) volume.path("secret")).put("secretName", "vault-ca");
      }
    });

    assertThatThrownBy(() -> TrustRoles.of(broken)).hasMessageContaining("the REDIS CA is Secret")
        .hasMessageContaining("vault-ca").hasMessageContaining("one CA verifies one server");
  }

  /** The CAs of main's layout: ClusterIssuers whose keys are idnet/ca-keys/<ca>, clients' copies idnet/ca/<ca>. */
  @Test
  void eachServerIsSignedByTheClusterIssuerOfTheCaItsClientsVerifyWith() {
    Map<Role, TrustRoles.Source> roles = TrustRoles.of(production);

    assertThat(LocalPlatform.caName(production, roles, Role.DATABASE)).isEqualTo("db");
    assertThat(LocalPlatform.caName(production, roles, Role.REDIS)).isEqualTo("redis");
    assertThat(LocalPlatform.caName(production, roles, Role.ISSUER)).isEqualTo("keycloak");
    assertThat(LocalPlatform.issuerCa(production, production.get("Certificate", "gateway-https"))).isEqualTo("gateway");
    assertThat(LocalPlatform.issuerCa(production, production.get("Certificate", "gateway-mtls"))).isEqualTo("mtls");
    LocalPlatform.checkSignedBy(production, roles, Role.ISSUER, "Keycloak", "keycloak-tls");
    LocalPlatform.checkSignedBy(production, roles, Role.REDIS, "Redis", "redis-tls");
    LocalPlatform.checkSignedBy(production, roles, Role.DATABASE, "Cluster identity-db", "identity-db-server");
  }

  @Test
  void aServerSignedByAnotherCaThanItsClientsTrustFails() {
    Manifests broken = production.copy();
    ((ObjectNode) broken.get("Certificate", "keycloak-tls").at("/spec/issuerRef")).put("name", "idnet-redis-ca");
    Map<Role, TrustRoles.Source> roles = TrustRoles.of(broken);

    assertThatThrownBy(() -> LocalPlatform.checkSignedBy(broken, roles, Role.ISSUER, "Keycloak", "keycloak-tls"))
        .hasMessageContaining("is signed by CA redis, but the pods verify it with CA keycloak");
  }

  @Test
  void aCertificateFromANamespacedIssuerOrNoneFails() {
    Manifests broken = production.copy();
    ((ObjectNode) broken.get("Certificate", "redis-tls").at("/spec/issuerRef")).put("kind", "Issuer");
    Map<Role, TrustRoles.Source> roles = TrustRoles.of(broken);

    assertThatThrownBy(() -> LocalPlatform.checkSignedBy(broken, roles, Role.REDIS, "Redis", "redis-tls"))
        .hasMessageContaining("not a ClusterIssuer");
    assertThatThrownBy(() -> LocalPlatform.checkSignedBy(broken, roles, Role.REDIS, "Redis", "redis-tsl"))
        .hasMessageContaining("no cert-manager Certificate writes its Secret redis-tsl");
  }

  @Test
  void aPodTrustingACopyOfNoCaOfTheStoreFails() {
    Manifests broken = production.copy();
    for (String deployable : Manifests.DEPLOYABLES) {
      broken.deployment(deployable).withArray("/spec/template/spec/volumes").forEach(volume -> {
        if (volume.path("name").asText().equals("redis-ca")) {
          ((ObjectNode) volume.path("secret")).put("secretName", "redis-password");
        }
      });
    }
    Map<Role, TrustRoles.Source> roles = TrustRoles.of(broken);

    assertThatThrownBy(() -> LocalPlatform.caName(broken, roles, Role.REDIS))
        .hasMessageContaining("Secret redis-password, which is not one CA's certificate");
  }

  @Test
  void aSecretOrKeyNoExternalSecretWritesIsNotThere() {
    LocalSecretStore store = new LocalSecretStore(production);

    assertThatThrownBy(() -> store.get("redis-passwrod", "password")).hasMessageContaining("no ExternalSecret writes"
        + " Secret redis-passwrod");
    assertThatThrownBy(() -> store.get("identity-db-app", "passwd")).hasMessageContaining("writes no key passwd");
    // The CA keys' Secrets live in cert-manager's namespace: not a Secret a pod in idnet can mount.
    assertThatThrownBy(() -> store.get("idnet-keycloak-ca", "tls.key")).hasMessageContaining("no ExternalSecret writes"
        + " Secret idnet-keycloak-ca");
    // One value wherever it is read; keys get 32 random bytes in base64, passwords URL-safe tokens.
    assertThat(store.text("identity-db-app", "password")).isEqualTo(store.text("identity-db-app", "password"))
        .matches("[A-Za-z0-9]+");
  }
}
