package org.idnet.keysets.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.idnet.keysets.KmsUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Vault transit client against {@link VaultTransitStandIn} (a stand-in, since no Vault can run
 * here): real HTTPS, the driver's real requests, Vault's answers.
 */
class VaultTransitKmsClientTest {

  static final String PREFIX = "idnet.demo.keys.vault";
  static VaultTransitStandIn vault;
  static String key;

  @TempDir
  Path files;

  @BeforeAll
  static void start() {
    vault = VaultTransitStandIn.start().createKey("transit", "idnet-demo");
    key = vault.keyUri("transit", "idnet-demo");
  }

  @AfterAll
  static void stop() {
    vault.close();
  }

  Path tokenFile(String token) throws Exception {
    return Files.writeString(files.resolve("token"), token + "\n");
  }

  Aead aead(VaultSettings settings) throws GeneralSecurityException {
    return VaultTransitKmsClient.create(key, settings, PREFIX).getAead(key);
  }

  @Test
  void aeadWhenTokenFileThenSealsInVaultBoundToTheAssociatedData() throws Exception {
    Aead aead = aead(VaultSettings.tokenFile(tokenFile(vault.issueToken()), vault.caFile()));

    byte[] sealed = aead.encrypt("keyset bytes".getBytes(StandardCharsets.UTF_8), "idnet-demo|a.json".getBytes());

    assertThat(new String(sealed, StandardCharsets.UTF_8)).startsWith("vault:v1:").doesNotContain("keyset bytes");
    assertThat(aead.decrypt(sealed, "idnet-demo|a.json".getBytes())).asString(StandardCharsets.UTF_8)
        .isEqualTo("keyset bytes");
    // Another role's associated data: Vault's GCM check fails, and that is "does not decrypt", not the KMS's fault.
    assertThatThrownBy(() -> aead.decrypt(sealed, "idnet-demo|b.json".getBytes()))
        .isInstanceOf(GeneralSecurityException.class).isNotInstanceOf(KmsUnavailableException.class)
        .hasMessageContaining("message authentication failed");
    assertThat(vault.calls()).contains("GET /v1/auth/token/lookup-self", "POST /v1/transit/encrypt/idnet-demo",
        "POST /v1/transit/decrypt/idnet-demo");
  }

  @Test
  void decryptWhenTheKeyWasRotatedInVaultThenOlderCiphertextsStillDecrypt() throws Exception {
    vault.createKey("transit", "rotating");
    String rotating = vault.keyUri("transit", "rotating");
    Aead aead = VaultTransitKmsClient.create(rotating, VaultSettings.tokenFile(tokenFile(vault.issueToken()),
        vault.caFile()), PREFIX).getAead(rotating);
    byte[] old = aead.encrypt(new byte[] {1, 2, 3}, new byte[] {9});

    vault.rotateKey("transit", "rotating");

    assertThat(new String(aead.encrypt(new byte[] {4}, new byte[] {9}), StandardCharsets.UTF_8)).startsWith("vault:v2:");
    assertThat(aead.decrypt(old, new byte[] {9})).containsExactly(1, 2, 3);
  }

  @Test
  void getAeadWhenTheTokenIsRefusedThenFailsNamingTheTokenFileAndVaultsReason() throws Exception {
    Path file = tokenFile("s.not-a-token");

    assertThatThrownBy(() -> aead(VaultSettings.tokenFile(file, vault.caFile())))
        .isInstanceOf(KmsUnavailableException.class)
        .hasMessageContaining("refused the token of " + file.toAbsolutePath())
        .hasMessageContaining(PREFIX + ".token-file").hasMessageContaining("HTTP 403: permission denied")
        .hasMessageNotContaining("s.not-a-token");
  }

  @Test
  void getAeadWhenTheTokenFileIsMissingOrEmptyThenFailsNamingIt() throws Exception {
    Path missing = files.resolve("absent");
    assertThatThrownBy(() -> aead(VaultSettings.tokenFile(missing, vault.caFile())))
        .hasMessageContaining("cannot read the Vault token file " + missing.toAbsolutePath())
        .hasMessageContaining(PREFIX + ".token-file");
    Path empty = tokenFile(" ");
    assertThatThrownBy(() -> aead(VaultSettings.tokenFile(empty, vault.caFile()))).hasMessageContaining("is empty");
  }

  @Test
  void whenTheKeyDoesNotExistThenKmsUnavailableNotABadCiphertext() throws Exception {
    Aead known = aead(VaultSettings.tokenFile(tokenFile(vault.issueToken()), vault.caFile()));
    byte[] sealed = known.encrypt(new byte[] {1}, new byte[0]);
    String unknown = vault.keyUri("transit", "no-such-key");
    Aead aead = VaultTransitKmsClient.create(unknown, VaultSettings.tokenFile(tokenFile(vault.issueToken()),
        vault.caFile()), PREFIX).getAead(unknown);

    assertThatThrownBy(() -> aead.decrypt(sealed, new byte[0])).isInstanceOf(KmsUnavailableException.class)
        .hasMessageContaining("transit/decrypt/no-such-key").hasMessageContaining("encryption key not found");
    assertThatThrownBy(() -> aead.encrypt(new byte[] {1}, new byte[0])).isInstanceOf(KmsUnavailableException.class)
        .hasMessageContaining("HTTP 403: permission denied");
  }

  @Test
  void kubernetesLoginThenVaultsTokenIsUsedAndARefusedLoginNamesTheRole() throws Exception {
    Path jwt = Files.writeString(files.resolve("sa-token"), "eyJhbGciOiJSUzI1NiJ9.service-account.sig");
    vault.allowKubernetes("idnet-demo", "eyJhbGciOiJSUzI1NiJ9.service-account.sig");
    VaultSettings kubernetes = new VaultSettings(null, "idnet-demo", jwt, null, vault.caFile(), null, null);

    Aead aead = aead(kubernetes);

    assertThat(aead.decrypt(aead.encrypt(new byte[] {7}, new byte[] {1}), new byte[] {1})).containsExactly(7);
    assertThat(vault.calls()).contains("POST /v1/auth/kubernetes/login");
    Files.writeString(jwt, "eyJhbGciOiJSUzI1NiJ9.someone-else.sig");
    assertThatThrownBy(() -> aead(kubernetes)).isInstanceOf(KmsUnavailableException.class)
        .hasMessageContaining("refused the Kubernetes login as role idnet-demo at auth/kubernetes")
        .hasMessageContaining("permission denied").hasMessageNotContaining("someone-else");
  }

  @Test
  void getAeadWhenVaultsCertificateIsNotTrustedOrVaultIsUnreachableThenKmsUnavailable() throws Exception {
    Path token = tokenFile(vault.issueToken());
    // The JVM's trust store does not know the stand-in's development CA: no call reaches it.
    assertThatThrownBy(() -> aead(VaultSettings.tokenFile(token, null))).isInstanceOf(KmsUnavailableException.class)
        .hasMessageContaining("cannot reach Vault at " + key.substring("hcvault://".length(), key.indexOf("/transit"))
            .replace("localhost", "https://localhost"))
        .hasMessageContaining("unable to find valid certification path");
    Path notPem = Files.writeString(files.resolve("ca.crt"), "not a certificate");
    assertThatThrownBy(() -> aead(VaultSettings.tokenFile(token, notPem)))
        .hasMessageContaining(PREFIX + ".ca-file");
    String closed = "hcvault://127.0.0.1:9/transit/keys/idnet-demo";
    assertThatThrownBy(() -> VaultTransitKmsClient.create(closed, VaultSettings.tokenFile(token, vault.caFile()),
        PREFIX).getAead(closed)).isInstanceOf(KmsUnavailableException.class).hasMessageContaining("https://127.0.0.1:9")
        .hasMessageContaining("ConnectException");
  }

  @Test
  void createWhenTheLoginIsNotExactlyOneOrTheUriIsNotAVaultKeyThenNamesTheSettings() throws Exception {
    assertThatThrownBy(() -> VaultTransitKmsClient.create(key, VaultSettings.none(), PREFIX))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs exactly one login: " + PREFIX
            + ".token-file").hasMessageContaining(PREFIX + ".kubernetes-role");
    VaultSettings both = new VaultSettings(tokenFile("t"), "role", null, null, null, null, null);
    assertThatThrownBy(() -> VaultTransitKmsClient.create(key, both, PREFIX)).hasMessageContaining("exactly one");
    assertThatThrownBy(() -> VaultTransitKmsClient.create("hcvault://vault:8200/transit/idnet", both, PREFIX))
        .hasMessageContaining("expected hcvault://<host>[:<port>]/<transit mount>/keys/<key name>");
  }

  @Test
  void keyUriNamesAddressMountAndKey() {
    VaultKeyUri nested = VaultKeyUri.parse("hcvault://vault.vault.svc:8200/idnet/transit/keys/idnet-identity");
    assertThat(nested.address()).isEqualTo("https://vault.vault.svc:8200");
    assertThat(nested.encryptPath()).isEqualTo("idnet/transit/encrypt/idnet-identity");
    assertThat(nested.decryptPath()).isEqualTo("idnet/transit/decrypt/idnet-identity");
    assertThat(VaultKeyUri.parse("HCVAULT://bao.example/transit/keys/k").address()).isEqualTo("https://bao.example");
    for (String bad : new String[] {"hcvault:///transit/keys/k", "hcvault://h/keys/k", "hcvault://h/transit/keys/",
        "hcvault://user@h/transit/keys/k", "hcvault://h/transit/keys/k?x=1", "hcvault://h/transit/keys/k/extra",
        "hcvault://h/../keys/k", "gcp-kms://projects/p"}) {
      assertThatThrownBy(() -> VaultKeyUri.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
