package org.idnet.keysets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.idnet.keysets.TestLayouts.AEAD;
import static org.idnet.keysets.TestLayouts.DEMO;

import com.google.crypto.tink.KeysetHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.idnet.keysets.vault.VaultSettings;
import org.idnet.keysets.vault.VaultTransitStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keysets encrypted under a Vault transit key, loaded as the services load them ({@link
 * KeysetDirectory#open} with no KMS client provided: the Vault transit client of the key URI), against {@link VaultTransitStandIn}
 * (a stand-in speaking Vault's API over https: no Vault can run on this machine).
 */
class VaultKeysetDirectoryTest {

  static VaultTransitStandIn vault;
  static String key;

  @TempDir
  Path directory;
  @TempDir
  Path secrets;

  @BeforeAll
  static void start() {
    vault = VaultTransitStandIn.start().createKey("transit", "idnet-demo").createKey("transit", "other");
    key = vault.keyUri("transit", "idnet-demo");
  }

  @AfterAll
  static void stop() {
    vault.close();
  }

  VaultSettings login(String token) throws Exception {
    return VaultSettings.tokenFile(Files.writeString(secrets.resolve("vault-token"), token), vault.caFile());
  }

  KeysetDirectory open(String keyUri, VaultSettings login, boolean createIfMissing) {
    return KeysetDirectory.open(DEMO, KeysetSource.kms(directory, keyUri, createIfMissing, login), () -> null);
  }

  @Test
  void keysetsWrittenUnderTheVaultKeyAndReadBackTheSameWithOneDecryptionEach() throws Exception {
    Map<KeysetSpec, KeysetHandle> written = open(key, login(vault.issueToken()), true).load();
    int before = vault.calls().size();

    Map<KeysetSpec, KeysetHandle> read = open(key, login(vault.issueToken()), false).load();

    for (KeysetSpec spec : DEMO.keysets()) {
      assertThat(read.get(spec).equalsKeyset(written.get(spec))).as(spec.fileName()).isTrue();
      assertThat(Files.readString(directory.resolve(spec.fileName()))).contains("encryptedKeyset")
          .doesNotContain("\"value\"");
    }
    assertThat(vault.calls().subList(before, vault.calls().size())).containsExactly(
        "GET /v1/auth/token/lookup-self", "POST /v1/transit/decrypt/idnet-demo", "POST /v1/transit/decrypt/idnet-demo",
        "POST /v1/transit/decrypt/idnet-demo");
    assertThat(directory.resolve(KeysetDirectory.SANDBOX_MARKER)).doesNotExist();
  }

  @Test
  void openWhenTheTokenIsRefusedThenFailsNamingTheSettingAndVaultsReason() {
    assertThatThrownBy(() -> open(key, login("s.revoked"), true))
        .hasMessageContaining("the KMS does not give the master key " + key)
        .hasMessageContaining("idnet.demo.keys.vault.token-file").hasMessageContaining("permission denied");
    assertThat(directory).isEmptyDirectory();
  }

  @Test
  void loadWhenTheKeyUriNamesAKeyVaultDoesNotHaveThenFailsAsAKmsProblemNotAnAlteredFile() throws Exception {
    open(key, login(vault.issueToken()), true).load();
    String missing = vault.keyUri("transit", "idnet-dmeo");

    assertThatThrownBy(() -> open(missing, login(vault.issueToken()), false).load())
        .hasMessageContaining(AEAD.fileName()).hasMessageContaining("was not decrypted: the KMS refused")
        .hasMessageContaining("encryption key not found").hasMessageContaining("idnet.demo.keys.kms-key-uri");
  }

  @Test
  void loadWhenAKeysetFileWasAlteredOrSealedByAnotherKeyThenRefusedNamingTheFile() throws Exception {
    open(key, login(vault.issueToken()), true).load();
    Path file = directory.resolve(AEAD.fileName());
    String original = Files.readString(file);
    VaultTransitStandIn.alterOneSealedByte(file);

    assertThatThrownBy(() -> open(key, login(vault.issueToken()), false).load())
        .hasMessageContaining(AEAD.fileName()).hasMessageContaining("does not decrypt under the KMS key " + key)
        .hasMessageContaining("an altered file");

    Files.writeString(file, original);
    assertThatThrownBy(() -> open(vault.keyUri("transit", "other"), login(vault.issueToken()), false).load())
        .hasMessageContaining("does not decrypt under the KMS key");
  }

  @Test
  void kmsClientForAVaultKeyWithoutALoginThenNamesTheSettings() {
    assertThatThrownBy(() -> KeysetDirectory.kmsClientFor(DEMO, key, VaultSettings.none()))
        .hasMessageContaining("idnet.demo.keys.vault.token-file")
        .hasMessageContaining("idnet.demo.keys.vault.kubernetes-role");
  }
}
