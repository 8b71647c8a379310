package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldCipherTest {

  @TempDir
  Path directory;

  @Test
  void decryptWhenSameRowThenPlaintext() {
    FieldCipher cipher = new FieldCipher(VaultKeysets.plain(directory, true));
    FieldRef field = new FieldRef("phone_bindings", "phone_ciphertext", UUID.randomUUID());

    byte[] ciphertext = cipher.encrypt("+84912345678", field);

    assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain("84912345678");
    assertThat(cipher.decrypt(ciphertext, field)).isEqualTo("+84912345678");
  }

  @Test
  void decryptWhenMovedToAnotherRowOrColumnThenFails() {
    FieldCipher cipher = new FieldCipher(VaultKeysets.plain(directory, true));
    UUID row = UUID.randomUUID();
    byte[] ciphertext = cipher.encrypt("+84912345678", new FieldRef("phone_bindings", "phone_ciphertext", row));

    assertThatThrownBy(() -> cipher.decrypt(ciphertext, new FieldRef("phone_bindings", "phone_ciphertext",
        UUID.randomUUID()))).isInstanceOf(FieldDecryptionException.class).hasMessageNotContaining("8491");
    assertThatThrownBy(() -> cipher.decrypt(ciphertext, new FieldRef("persons", "phone_ciphertext", row)))
        .isInstanceOf(FieldDecryptionException.class);
  }

  @Test
  void decryptAfterKeyRotationThenOldRowsStillDecrypt() throws Exception {
    KeyProvider before = VaultKeysets.plain(directory, true);
    FieldRef field = new FieldRef("phone_bindings", "phone_ciphertext", UUID.randomUUID());
    byte[] old = new FieldCipher(before).encrypt("+84912345678", field);
    KeysetHandle rotated = KeysetHandle.newBuilder(before.fieldEncryptionKeyset())
        .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
            .withRandomId().makePrimary())
        .build();
    FieldCipher after = new FieldCipher(BlindIndexTest.keys(rotated, before.blindIndexKeyset()));

    assertThat(after.decrypt(old, field)).isEqualTo("+84912345678");
    assertThatThrownBy(() -> new FieldCipher(before).decrypt(after.encrypt("+84912345678", field), field))
        .isInstanceOf(FieldDecryptionException.class);
  }
}
