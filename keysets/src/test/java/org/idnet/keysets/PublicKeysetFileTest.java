package org.idnet.keysets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadParameters;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.EcdsaParameters;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public half of a signing keyset, shared with the services that verify. */
class PublicKeysetFileTest {

  @TempDir
  Path directory;

  @BeforeAll
  static void register() {
    TinkRegistration.ensure();
  }

  @Test
  void writtenPublicHalfVerifiesTheSignaturesOfThePrivateHalfAndHoldsNoSecret() throws Exception {
    KeysetHandle signing = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
    Path file = directory.resolve("shared").resolve("signing-public-keyset.json");

    PublicKeysetFile.write(file, signing);
    KeysetHandle trusted = PublicKeysetFile.read(file, Ed25519Parameters.class);

    byte[] signature = signing.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class).sign(new byte[] {7});
    trusted.getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class).verify(signature, new byte[] {7});
    assertThat(trusted.equalsKeyset(signing.getPublicKeysetHandle())).isTrue();
    assertThat(Files.readString(file)).contains("ASYMMETRIC_PUBLIC").doesNotContain("ASYMMETRIC_PRIVATE");
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
  }

  @Test
  void writeWhenTheKeysetIsUnchangedThenTheFileIsLeftAloneAndWhenRotatedThenReplaced() throws Exception {
    KeysetHandle signing = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
    Path file = directory.resolve("public.json");
    PublicKeysetFile.write(file, signing);
    FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Files.setLastModifiedTime(file, old);

    PublicKeysetFile.write(file, signing);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);

    KeysetHandle rotated = KeysetHandle.newBuilder(signing)
        .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedSignatureParameters.ED25519).withRandomId()
            .makePrimary()).build();
    PublicKeysetFile.write(file, rotated);
    assertThat(PublicKeysetFile.read(file, Ed25519Parameters.class).size()).isEqualTo(2);
  }

  @Test
  void readWhenTheFileHoldsSecretKeysOrAnotherKindOrNothingThenRefused() throws Exception {
    KeysetHandle signing = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
    Path secret = directory.resolve("secret.json");
    Files.writeString(secret, TinkJsonProtoKeysetFormat.serializeKeyset(signing, InsecureSecretKeyAccess.get()));
    Path ecdsa = directory.resolve("ecdsa.json");
    PublicKeysetFile.write(ecdsa, KeysetHandle.generateNew(PredefinedSignatureParameters.ECDSA_P256));

    assertThatThrownBy(() -> PublicKeysetFile.read(secret, Ed25519Parameters.class))
        .hasMessageContaining(secret.toString()).hasMessageContaining("public keys only");
    assertThatThrownBy(() -> PublicKeysetFile.read(ecdsa, Ed25519Parameters.class))
        .hasMessageContaining("wrong kind").hasMessageContaining("Ed25519Parameters");
    assertThat(PublicKeysetFile.read(ecdsa, EcdsaParameters.class).size()).isEqualTo(1);
    assertThatThrownBy(() -> PublicKeysetFile.read(directory.resolve("missing.json"), AeadParameters.class))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing.json");
  }

  @Test
  void writeWhenTheKeysetHasNoPublicHalfThenRefused() throws Exception {
    KeysetHandle aead = KeysetHandle.generateNew(com.google.crypto.tink.aead.PredefinedAeadParameters.AES256_GCM);

    assertThatThrownBy(() -> PublicKeysetFile.write(directory.resolve("aead.json"), aead))
        .hasMessageContaining("not a signing keyset");
    assertThat(directory).isEmptyDirectory();
  }
}
