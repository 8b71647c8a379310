package org.idnet.keysets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.idnet.keysets.TestLayouts.AEAD;
import static org.idnet.keysets.TestLayouts.DEMO;
import static org.idnet.keysets.TestLayouts.PRF;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Production keys, with {@link LocalKmsClient} standing in for the cloud KMS. */
class KmsKeysetDirectoryTest {

  static final String KEY = LocalKmsClient.PREFIX + "demo-master";

  @TempDir
  Path directory;

  final LocalKmsClient kms = new LocalKmsClient();

  @Test
  void keysetsWrittenEncryptedUnderTheKmsKeyAndReadBackTheSame() throws Exception {
    Map<KeysetSpec, KeysetHandle> first = KeysetDirectory.kms(DEMO, directory, KEY, kms, true).load();
    Map<KeysetSpec, KeysetHandle> second = KeysetDirectory.kms(DEMO, directory, KEY, kms, false).load();

    for (KeysetSpec spec : DEMO.keysets()) {
      String json = Files.readString(directory.resolve(spec.fileName()));
      assertThat(json).contains("encryptedKeyset").doesNotContain("\"value\"");
      // Not readable as a plain keyset: the key material is sealed by the KMS key.
      assertThatThrownBy(() -> TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get()))
          .isInstanceOf(Exception.class);
      assertThat(second.get(spec).equalsKeyset(first.get(spec))).as(spec.fileName()).isTrue();
    }
    assertThat(directory.resolve(KeysetDirectory.SANDBOX_MARKER)).doesNotExist();
    // The KMS is asked once per opening of the directory, never per keyset.
    assertThat(kms.requests()).isEqualTo(2);
  }

  @Test
  void loadWhenAnotherMasterKeyThenRefusedNamingTheKeyset() {
    KeysetDirectory.kms(DEMO, directory, KEY, kms, true).load();

    assertThatThrownBy(() -> KeysetDirectory.kms(DEMO, directory, LocalKmsClient.PREFIX + "other", kms, false).load())
        .hasMessageContaining("aead-keyset.json")
        .hasMessageContaining("does not decrypt under the KMS key");
  }

  @Test
  void loadWhenAKeysetFileIsPutInAnotherRoleThenRefused() throws Exception {
    KeysetDirectory.kms(DEMO, directory, KEY, kms, true).load();
    Files.copy(directory.resolve(AEAD.fileName()), directory.resolve(PRF.fileName()),
        StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> KeysetDirectory.kms(DEMO, directory, KEY, kms, false).load())
        .hasMessageContaining(PRF.fileName())
        .hasMessageContaining("another role");
  }

  @Test
  void loadWhenTheSameFileBelongsToAnotherServiceThenRefused() throws Exception {
    KeysetDirectory.kms(DEMO, directory, KEY, kms, true).load();
    KeysetLayout other = new KeysetLayout("other", "idnet.other.keys", List.of(AEAD));

    assertThatThrownBy(() -> KeysetDirectory.kms(other, directory, KEY, kms, false).load())
        .hasMessageContaining("other keyset").hasMessageContaining("does not decrypt");
  }

  @Test
  void openWhenKeysetMissingOrSettingsIncompleteThenClearErrors() {
    assertThatThrownBy(() -> KeysetDirectory.kms(DEMO, directory, KEY, kms, false).load())
        .hasMessageContaining("aead-keyset.json").hasMessageContaining("does not exist")
        .hasMessageContaining("encrypted under " + KEY).hasMessageContaining("idnet.demo.keys.create-if-missing=true");
    assertThatThrownBy(() -> KeysetDirectory.kms(DEMO, directory, null, kms, true))
        .hasMessageContaining("idnet.demo.keys.kms-key-uri is not set")
        .hasMessageContaining("idnet.demo.keys.provider=kms");
    assertThatThrownBy(() -> KeysetDirectory.kms(DEMO, directory, "gcp-kms://projects/p/keyRings/r/cryptoKeys/k", kms,
        true)).hasMessageContaining("no KMS client supports gcp-kms://").hasMessageContaining("tink-gcpkms");
    assertThatThrownBy(() -> KeysetDirectory.kms(DEMO, null, KEY, kms, true))
        .hasMessageContaining("idnet.demo.keys.directory is not set");
    assertThat(directory).isEmptyDirectory();
  }

  @Test
  void noClientIsFoundForACloudKeyWithoutItsExtension() {
    assertThat(KeysetDirectory.kmsClientFor(DEMO, "aws-kms://arn:aws:kms:ap-southeast-1:1:key/k", null)).isNull();
    assertThat(KeysetDirectory.kmsClientFor(DEMO, null, null)).isNull();
  }
}
