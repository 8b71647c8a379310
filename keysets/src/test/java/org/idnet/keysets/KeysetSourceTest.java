package org.idnet.keysets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.idnet.keysets.TestLayouts.AEAD;
import static org.idnet.keysets.TestLayouts.DEMO;

import com.google.crypto.tink.KmsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.idnet.keysets.vault.VaultSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link KeysetDirectory#open}: the one way a service turns its configured source into keysets. */
class KeysetSourceTest {

  private static final Supplier<KmsClient> NEVER_ASKED = () -> {
    throw new AssertionError("a file source asked for a KMS client");
  };

  @TempDir
  Path directory;

  @Test
  void sourceWhenNothingSetThenPlainFilesAndNoVaultLogin() {
    KeysetSource source = new KeysetSource(directory, null, null, false, null);

    assertThat(source.provider()).isEqualTo(KeysetSource.Provider.FILE);
    assertThat(source.vault()).isEqualTo(VaultSettings.none());
  }

  @Test
  void openWhenFileSourceThenPlainKeysetsAndNoKmsClientAsked() throws Exception {
    KeysetDirectory.open(DEMO, KeysetSource.files(directory, true), NEVER_ASKED).load();

    assertThat(Files.readString(directory.resolve(AEAD.fileName()))).contains("\"value\"")
        .doesNotContain("encryptedKeyset");
    assertThat(directory.resolve(KeysetDirectory.SANDBOX_MARKER)).exists();
  }

  @Test
  void openWhenKmsSourceThenTheProvidedClientEncryptsTheKeysets() throws Exception {
    LocalKmsClient kms = new LocalKmsClient();
    String key = LocalKmsClient.PREFIX + "open";

    KeysetDirectory.open(DEMO, KeysetSource.kms(directory, key, true, null), () -> kms).load();
    KeysetDirectory.open(DEMO, KeysetSource.kms(directory, key, false, null), () -> kms).load();

    assertThat(Files.readString(directory.resolve(AEAD.fileName()))).contains("encryptedKeyset")
        .doesNotContain("\"value\"");
    assertThat(kms.requests()).isEqualTo(2);
    assertThat(directory.resolve(KeysetDirectory.SANDBOX_MARKER)).doesNotExist();
  }

  @Test
  void openWhenKmsSourceAndNoClientForItsKeyThenRefusedBeforeAnythingIsWritten() {
    assertThatThrownBy(() -> KeysetDirectory.open(DEMO,
        KeysetSource.kms(directory, "gcp-kms://projects/p/keyRings/r/cryptoKeys/k", true, null), () -> null))
        .hasMessageContaining("no KMS client supports gcp-kms://");
    assertThat(directory).isEmptyDirectory();
  }

  @Test
  void openWhenKmsSourceWithoutKeyUriThenRefusedNamingTheSetting() {
    assertThatThrownBy(() -> KeysetDirectory.open(DEMO, KeysetSource.kms(directory, null, true, null), null))
        .hasMessageContaining("idnet.demo.keys.kms-key-uri is not set");
  }

  @Test
  void openWhenVaultKeyWithoutLoginThenRefusedNamingBothLoginSettings() {
    assertThatThrownBy(() -> KeysetDirectory.open(DEMO,
        KeysetSource.kms(directory, "hcvault://vault.example:8200/transit/keys/idnet-demo", true, null), () -> null))
        .hasMessageContaining("idnet.demo.keys.vault.token-file")
        .hasMessageContaining("idnet.demo.keys.vault.kubernetes-role");
  }
}
