package org.idnet.identity.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.idnet.keysets.LocalKmsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production key adapter, with {@link LocalKmsClient} standing in for the cloud KMS. */
class KmsKeyProviderTest {

  static final String KEY = LocalKmsClient.PREFIX + "identity-master";

  @TempDir
  Path directory;

  final LocalKmsClient kms = new LocalKmsClient();

  @Test
  void keysetsWrittenEncryptedUnderTheKmsKeyAndReadBackTheSame() throws Exception {
    KmsKeyProvider first = new KmsKeyProvider(directory, KEY, kms, true);
    KmsKeyProvider second = new KmsKeyProvider(directory, KEY, kms, false);

    for (String file : new String[] {KeysetFileKeyProvider.AEAD_FILE, KeysetFileKeyProvider.BLIND_INDEX_FILE,
        KeysetFileKeyProvider.SUBJECT_ID_FILE}) {
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
    new KmsKeyProvider(directory, KEY, kms, true);

    assertThatThrownBy(() -> new KmsKeyProvider(directory, LocalKmsClient.PREFIX + "other", kms, false))
        .hasMessageContaining(KeysetFileKeyProvider.AEAD_FILE)
        .hasMessageContaining("does not decrypt under the KMS key");
  }

  @Test
  void startWhenAKeysetFileIsPutInTheWrongPlaceThenRefused() throws Exception {
    new KmsKeyProvider(directory, KEY, kms, true);
    Files.copy(directory.resolve(KeysetFileKeyProvider.BLIND_INDEX_FILE),
        directory.resolve(KeysetFileKeyProvider.SUBJECT_ID_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> new KmsKeyProvider(directory, KEY, kms, false))
        .hasMessageContaining(KeysetFileKeyProvider.SUBJECT_ID_FILE)
        .hasMessageContaining("another role");
  }

  @Test
  void startWhenKeysetMissingOrSettingsIncompleteThenClearErrors() {
    assertThatThrownBy(() -> new KmsKeyProvider(directory, KEY, kms, false))
        .hasMessageContaining(KeysetFileKeyProvider.AEAD_FILE).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> new KmsKeyProvider(directory, null, kms, true))
        .hasMessageContaining("idnet.identity.keys.kms-key-uri is not set");
    assertThatThrownBy(() -> new KmsKeyProvider(directory, "gcp-kms://projects/p/keyRings/r/cryptoKeys/k", kms, true))
        .hasMessageContaining("no KMS client supports gcp-kms://").hasMessageContaining("tink-gcpkms");
    assertThatThrownBy(() -> new KmsKeyProvider(null, KEY, kms, true))
        .hasMessageContaining("idnet.identity.keys.directory is not set");
    assertThat(directory).isEmptyDirectory();
  }

  @Test
  void noClientIsFoundForACloudKeyWithoutItsExtension() {
    assertThat(KmsKeyProvider.clientFor("aws-kms://arn:aws:kms:ap-southeast-1:1:key/k", null)).isNull();
    assertThat(KmsKeyProvider.clientFor(null, null)).isNull();
  }
}
