package org.idnet.keysets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.idnet.keysets.TestLayouts.AEAD;
import static org.idnet.keysets.TestLayouts.DEMO;
import static org.idnet.keysets.TestLayouts.PRF;
import static org.idnet.keysets.TestLayouts.SIGNING;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain Tink JSON keysets: the sandbox's keys. */
class PlainKeysetDirectoryTest {

  @TempDir
  Path directory;

  @Test
  void loadWhenKeysetMissingAndNotAllowedToCreateThenClearErrorAndNothingWritten() {
    assertThatThrownBy(() -> KeysetDirectory.plain(DEMO, directory, false).load())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("demo keyset " + directory.resolve("aead-keyset.json"))
        .hasMessageContaining("does not exist")
        .hasMessageContaining("aead-keyset.json, prf-keyset.json and signing-keyset.json")
        .hasMessageContaining("idnet.demo.keys.directory")
        .hasMessageContaining("idnet.demo.keys.create-if-missing=true");
    assertThat(directory).isEmptyDirectory();
  }

  @Test
  void openWhenDirectoryNotConfiguredThenErrorNamesTheProperty() {
    assertThatThrownBy(() -> KeysetDirectory.plain(DEMO, null, true))
        .hasMessageContaining("idnet.demo.keys.directory is not set");
    assertThatThrownBy(() -> KeysetDirectory.plain(DEMO, Path.of(" "), true))
        .hasMessageContaining("idnet.demo.keys.directory is not set");
  }

  @Test
  void loadWhenAllowedToCreateThenKeysGeneratedOnceMarkedOwnerOnlyAndReused() throws Exception {
    Path keys = directory.resolve("nested").resolve("keys");
    Map<KeysetSpec, KeysetHandle> first = KeysetDirectory.plain(DEMO, keys, true).load();
    String aeadJson = Files.readString(keys.resolve("aead-keyset.json"));

    Map<KeysetSpec, KeysetHandle> second = KeysetDirectory.plain(DEMO, keys, false).load();

    assertThat(first).containsOnlyKeys(AEAD, PRF, SIGNING);
    assertThat(Files.readString(keys.resolve(KeysetDirectory.SANDBOX_MARKER)))
        .contains("SANDBOX DEVELOPMENT KEYS").contains("demo-service").contains("idnet.demo.keys.create-if-missing");
    assertThat(Files.getPosixFilePermissions(keys.resolve("aead-keyset.json")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(keys.resolve("aead-keyset.json"))).isEqualTo(aeadJson);
    for (KeysetSpec spec : DEMO.keysets()) {
      assertThat(second.get(spec).equalsKeyset(first.get(spec))).as(spec.fileName()).isTrue();
    }
    byte[] sealed = first.get(AEAD).getPrimitive(RegistryConfiguration.get(), Aead.class)
        .encrypt("secret".getBytes(StandardCharsets.UTF_8), new byte[0]);
    assertThat(second.get(AEAD).getPrimitive(RegistryConfiguration.get(), Aead.class).decrypt(sealed, new byte[0]))
        .asString(StandardCharsets.UTF_8).isEqualTo("secret");
    byte[] signature = first.get(SIGNING).getPrimitive(RegistryConfiguration.get(), PublicKeySign.class)
        .sign(new byte[] {1, 2, 3});
    second.get(SIGNING).getPublicKeysetHandle().getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class)
        .verify(signature, new byte[] {1, 2, 3});
  }

  @Test
  void loadWhenOneKeysetMissingThenOnlyThatOneIsGenerated() throws Exception {
    Map<KeysetSpec, KeysetHandle> before = KeysetDirectory.plain(DEMO, directory, true).load();
    Files.delete(directory.resolve("prf-keyset.json"));

    Map<KeysetSpec, KeysetHandle> after = KeysetDirectory.plain(DEMO, directory, true).load();

    assertThat(after.get(AEAD).equalsKeyset(before.get(AEAD))).isTrue();
    assertThat(after.get(PRF).equalsKeyset(before.get(PRF))).isFalse();
  }

  @Test
  void loadWhenAKeysetHoldsAKeyOfAnotherKindThenRefused() throws Exception {
    KeysetDirectory.plain(DEMO, directory, true).load();
    Files.writeString(directory.resolve("signing-keyset.json"), TinkJsonProtoKeysetFormat.serializeKeyset(
        KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get()));

    assertThatThrownBy(() -> KeysetDirectory.plain(DEMO, directory, false).load())
        .hasMessageContaining("signing-keyset.json")
        .hasMessageContaining("wrong kind")
        .hasMessageContaining("Ed25519Parameters");
  }

  @Test
  void loadWhenAFileIsNotAKeysetThenRefusedNamingIt() throws Exception {
    KeysetDirectory.plain(DEMO, directory, true).load();
    Files.writeString(directory.resolve("prf-keyset.json"), "{\"not\": \"a keyset\"}");

    assertThatThrownBy(() -> KeysetDirectory.plain(DEMO, directory, true).load())
        .hasMessageContaining("prf-keyset.json")
        .hasMessageContaining("not a valid Tink JSON keyset");
  }
}
