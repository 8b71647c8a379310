package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import org.idnet.identity.domain.SignatureCheck;
import org.idnet.identity.domain.SignedGrant;
import org.idnet.keysets.PublicKeysetFile;
import org.idnet.keysets.TinkRegistration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The trusted grant-signing keys: read from the published file, followed as it changes, closed when it is unusable. */
@ExtendWith(OutputCaptureExtension.class)
class TinkGrantSignaturesTest {

  static final byte[] GRANT = {10, 3, 'a', 'b', 'c'};

  @TempDir
  Path directory;

  @BeforeAll
  static void register() {
    TinkRegistration.ensure();
  }

  static KeysetHandle newSigningKeyset() throws Exception {
    return KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
  }

  /** A grant signed by the keyset's key {@code keyId}, naming that key. */
  static SignedGrant signed(KeysetHandle keyset, int keyId) throws Exception {
    KeysetHandle.Entry entry = null;
    for (int i = 0; i < keyset.size(); i++) {
      if (keyset.getAt(i).getId() == keyId) {
        entry = keyset.getAt(i);
      }
    }
    KeysetHandle one = KeysetHandle.newBuilder()
        .addEntry(KeysetHandle.importKey(entry.getKey()).withFixedId(keyId).makePrimary()).build();
    byte[] signature = one.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class).sign(GRANT);
    return new SignedGrant(GRANT, signature, Integer.toUnsignedString(keyId));
  }

  static SignedGrant signed(KeysetHandle keyset) throws Exception {
    return signed(keyset, keyset.getPrimary().getId());
  }

  @Test
  void whenTheFileIsMissingNothingIsTrustedUntilItAppears(CapturedOutput output) throws Exception {
    Path file = directory.resolve("grant-signing-public-keyset.json");
    KeysetHandle signing = newSigningKeyset();
    TinkGrantSignatures keys = new TinkGrantSignatures(file);

    assertThat(keys.check(signed(signing))).isEqualTo(SignatureCheck.NO_TRUSTED_KEYS);
    assertThat(output.getAll()).contains("trusted grant-signing keyset " + file.toAbsolutePath() + " does not exist")
        .contains("every ReleaseIdentity is refused");

    PublicKeysetFile.write(file, signing);
    assertThat(keys.check(signed(signing))).isEqualTo(SignatureCheck.VALID);
  }

  @Test
  void whenNotConfiguredNothingIsTrustedAndTheLogNamesTheProperty(CapturedOutput output) throws Exception {
    assertThat(new TinkGrantSignatures(null).check(signed(newSigningKeyset()))).isEqualTo(SignatureCheck.NO_TRUSTED_KEYS);
    assertThat(output.getAll()).contains("idnet.identity.disclosure-grants.public-keyset-file is not set");
  }

  @Test
  void aRotatedKeyIsTrustedAtOnceAndARemovedKeyNoLonger() throws Exception {
    Path file = directory.resolve("keys.json");
    KeysetHandle old = newSigningKeyset();
    PublicKeysetFile.write(file, old);
    TinkGrantSignatures keys = new TinkGrantSignatures(file);
    KeysetHandle rotated = KeysetHandle.newBuilder(old).addEntry(KeysetHandle
        .generateEntryFromParameters(PredefinedSignatureParameters.ED25519).withRandomId().makePrimary()).build();

    PublicKeysetFile.write(file, rotated);
    assertThat(keys.check(signed(rotated))).isEqualTo(SignatureCheck.VALID);
    assertThat(keys.check(signed(old))).isEqualTo(SignatureCheck.VALID);

    KeysetHandle withoutOld = KeysetHandle.newBuilder(rotated).deleteAt(0).build();
    PublicKeysetFile.write(file, withoutOld);
    assertThat(keys.check(signed(old))).isEqualTo(SignatureCheck.UNKNOWN_KEY);
    assertThat(keys.check(signed(rotated))).isEqualTo(SignatureCheck.VALID);
  }

  @Test
  void aDisabledKeyIsNotTrusted() throws Exception {
    Path file = directory.resolve("keys.json");
    KeysetHandle both = KeysetHandle.newBuilder(newSigningKeyset()).addEntry(KeysetHandle
        .generateEntryFromParameters(PredefinedSignatureParameters.ED25519).withRandomId()).build();
    int disabled = both.getAt(1).getId();
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(both);
    builder.getAt(1).setStatus(KeyStatus.DISABLED);
    PublicKeysetFile.write(file, builder.build());

    assertThat(new TinkGrantSignatures(file).check(signed(both, disabled))).isEqualTo(SignatureCheck.UNKNOWN_KEY);
  }

  @Test
  void anUnsuitableFileTrustsNothingAndSaysWhy(CapturedOutput output) throws Exception {
    Path file = directory.resolve("keys.json");
    KeysetHandle raw = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519WithRawOutput);
    PublicKeysetFile.write(file, raw);
    TinkGrantSignatures keys = new TinkGrantSignatures(file);
    assertThat(keys.check(new SignedGrant(GRANT, raw.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class)
        .sign(GRANT), Integer.toUnsignedString(raw.getPrimary().getId())))).isEqualTo(SignatureCheck.NO_TRUSTED_KEYS);
    assertThat(output.getAll()).contains("TINK output prefix");

    PublicKeysetFile.write(file, KeysetHandle.generateNew(PredefinedSignatureParameters.ECDSA_P256));
    assertThat(keys.check(signed(newSigningKeyset()))).isEqualTo(SignatureCheck.NO_TRUSTED_KEYS);
    assertThat(output.getAll()).contains("wrong kind");

    Files.writeString(file, "not json");
    assertThat(keys.check(signed(newSigningKeyset()))).isEqualTo(SignatureCheck.NO_TRUSTED_KEYS);
    assertThat(output.getAll()).contains("is unusable");
  }
}
