package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.idnet.keysets.KeysetSource;
import org.idnet.keysets.LocalKmsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Production keys (provider kms), with {@link LocalKmsClient} standing in for the cloud KMS. */
class VaultKeysetsKmsTest {

  static final String KEY = LocalKmsClient.PREFIX + "identity-master";

  @TempDir
  Path directory;

  final LocalKmsClient kms = new LocalKmsClient();

  @Test
  void keysetsWrittenEncryptedUnderTheKmsKeyAndReadBackTheSame() throws Exception {
    VaultKeysets first = kmsKeys(directory, KEY, true);
    VaultKeysets second = kmsKeys(directory, KEY, false);

    for (String file : new String[] {VaultKeysets.AEAD_FILE, VaultKeysets.BLIND_INDEX_FILE,
        VaultKeysets.SUBJECT_ID_FILE}) {
      String json = Files.readString(directory.resolve(file));
      assertThat(json).contains("encryptedKeyset").doesNotContain("\"value\"");
      // Not readable as a plain keyset: the key material is sealed by the KMS key.
      assertThatThrownBy(() -> TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get()))
          .isInstanceOf(Exception.class);
    }
    assertThat(second.fieldEncryptionKeyset().equalsKeyset(first.fieldEncryptionKeyset())).isTrue();
    assertThat(second.blindIndexKeyset().equalsKeyset(first.blindIndexKeyset())).isTrue();
    assertThat(second.subjectIdKeyset().equalsKeyset(first.subjectIdKeyset())).isTrue();
    FieldRef field = new FieldRef("persons", "full_name_ciphertext", UUID.randomUUID());
    assertThat(new FieldCipher(second).decrypt(new FieldCipher(first).encrypt("Nguyễn Văn An", field), field))
        .isEqualTo("Nguyễn Văn An");
    // The KMS is asked once per start, never per field.
    assertThat(kms.requests()).isEqualTo(2);
  }

  @Test
  void startWhenAnotherMasterKeyThenRefusedNamingTheKeyset() {
    kmsKeys(directory, KEY, true);

    assertThatThrownBy(() -> kmsKeys(directory, LocalKmsClient.PREFIX + "other", false))
        .hasMessageContaining(VaultKeysets.AEAD_FILE)
        .hasMessageContaining("does not decrypt under the KMS key");
  }

  @Test
  void startWhenAKeysetFileIsPutInTheWrongPlaceThenRefused() throws Exception {
    kmsKeys(directory, KEY, true);
    Files.copy(directory.resolve(VaultKeysets.BLIND_INDEX_FILE),
        directory.resolve(VaultKeysets.SUBJECT_ID_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> kmsKeys(directory, KEY, false))
        .hasMessageContaining(VaultKeysets.SUBJECT_ID_FILE)
        .hasMessageContaining("another role");
  }

  @Test
  void startWhenKeysetMissingOrSettingsIncompleteThenClearErrors() {
    assertThatThrownBy(() -> kmsKeys(directory, KEY, false))
        .hasMessageContaining(VaultKeysets.AEAD_FILE).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> kmsKeys(directory, null, true))
        .hasMessageContaining("idnet.identity.keys.kms-key-uri is not set");
    assertThatThrownBy(() -> kmsKeys(directory, "gcp-kms://projects/p/keyRings/r/cryptoKeys/k", true))
        .hasMessageContaining("no KMS client supports gcp-kms://").hasMessageContaining("tink-gcpkms");
    assertThatThrownBy(() -> kmsKeys(null, KEY, true))
        .hasMessageContaining("idnet.identity.keys.directory is not set");
    assertThat(directory).isEmptyDirectory();
  }

  private VaultKeysets kmsKeys(Path directory, String keyUri, boolean createIfMissing) {
    return VaultKeysets.open(KeysetSource.kms(directory, keyUri, createIfMissing, null), () -> kms);
  }
}
