package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import org.idnet.keysets.KeysetDirectory;
import org.idnet.keysets.TinkRegistration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultKeysetsFileTest {

  @TempDir
  Path directory;

  @Test
  void startWhenKeysetMissingAndNotAllowedToCreateThenClearError() {
    assertThatThrownBy(() -> VaultKeysets.plain(directory, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(directory.resolve(VaultKeysets.AEAD_FILE).toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("idnet.identity.keys.create-if-missing");
    assertThat(directory).isEmptyDirectory();
  }

  @Test
  void startWhenDirectoryNotConfiguredThenClearError() {
    assertThatThrownBy(() -> VaultKeysets.plain(null, true))
        .hasMessageContaining("idnet.identity.keys.directory is not set");
  }

  @Test
  void startWhenAllowedToCreateThenSandboxKeysWrittenOnceAndReused() throws Exception {
    Path keys = directory.resolve("keys");
    VaultKeysets first = VaultKeysets.plain(keys, true);

    assertThat(keys.resolve(VaultKeysets.AEAD_FILE)).isRegularFile();
    assertThat(keys.resolve(VaultKeysets.BLIND_INDEX_FILE)).isRegularFile();
    assertThat(keys.resolve(VaultKeysets.SUBJECT_ID_FILE)).isRegularFile();
    assertThat(Files.readString(keys.resolve(KeysetDirectory.SANDBOX_MARKER)))
        .contains("SANDBOX DEVELOPMENT KEYS");
    String aeadJson = Files.readString(keys.resolve(VaultKeysets.AEAD_FILE));

    VaultKeysets second = VaultKeysets.plain(keys, true);
    assertThat(Files.readString(keys.resolve(VaultKeysets.AEAD_FILE))).isEqualTo(aeadJson);
    assertThat(second.fieldEncryptionKeyset().equalsKeyset(first.fieldEncryptionKeyset())).isTrue();
    assertThat(second.blindIndexKeyset().equalsKeyset(first.blindIndexKeyset())).isTrue();
    assertThat(second.subjectIdKeyset().equalsKeyset(first.subjectIdKeyset())).isTrue();
    assertThat(second.subjectIdKeyset().equalsKeyset(first.blindIndexKeyset())).isFalse();
    FieldRef field = new FieldRef("t", "c", java.util.UUID.randomUUID());
    assertThat(new FieldCipher(second).decrypt(new FieldCipher(first).encrypt("+84912345678", field), field))
        .isEqualTo("+84912345678");
  }

  @Test
  void startWhenBlindIndexFileHoldsAnAeadKeyThenRefused() throws Exception {
    VaultKeysets.plain(directory, true);
    TinkRegistration.ensure();
    Files.writeString(directory.resolve(VaultKeysets.BLIND_INDEX_FILE), TinkJsonProtoKeysetFormat.serializeKeyset(
        KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get()));

    assertThatThrownBy(() -> VaultKeysets.plain(directory, false))
        .hasMessageContaining(VaultKeysets.BLIND_INDEX_FILE)
        .hasMessageContaining("wrong kind");
  }

  @Test
  void startWhenKeysetFileIsNotAKeysetThenRefused() throws Exception {
    VaultKeysets.plain(directory, true);
    Files.writeString(directory.resolve(VaultKeysets.AEAD_FILE), "{\"not\": \"a keyset\"}");

    assertThatThrownBy(() -> VaultKeysets.plain(directory, true))
        .hasMessageContaining(VaultKeysets.AEAD_FILE)
        .hasMessageContaining("not a valid Tink JSON keyset");
  }
}
