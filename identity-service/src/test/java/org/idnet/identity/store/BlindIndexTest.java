package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import java.nio.file.Path;
import org.idnet.keysets.TinkRegistration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class BlindIndexTest {

  @TempDir
  Path directory;

  @Test
  void indexWhenSameNumberThenSameIndex() {
    BlindIndex index = new BlindIndex(VaultKeysets.plain(directory, true));

    assertThat(index.of("phone", "+84912345678")).isEqualTo(index.of("phone", "+84912345678"))
        .hasSize(32);
    assertThat(index.of("phone", "+84912345678")).isNotEqualTo(index.of("phone", "+84912345679"));
  }

  @Test
  void indexWhenOtherKeyThenOtherIndex() {
    BlindIndex one = new BlindIndex(VaultKeysets.plain(directory.resolve("one"), true));
    BlindIndex other = new BlindIndex(VaultKeysets.plain(directory.resolve("other"), true));

    assertThat(one.of("phone", "+84912345678")).isNotEqualTo(other.of("phone", "+84912345678"));
  }

  @Test
  void indexWhenOtherPurposeThenOtherIndex() {
    BlindIndex index = new BlindIndex(VaultKeysets.plain(directory, true));

    assertThat(index.of("phone", "84912345678")).isNotEqualTo(index.of("citizen-id", "84912345678"));
  }

  @Test
  void candidatesAfterRotationThenNewPrimaryFirstAndOldIndexStillFound() throws Exception {
    KeyProvider before = VaultKeysets.plain(directory, true);
    byte[] old = new BlindIndex(before).of("phone", "+84912345678");
    KeysetHandle rotated = KeysetHandle.newBuilder(before.blindIndexKeyset())
        .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedPrfParameters.HMAC_SHA256_PRF)
            .withRandomId().makePrimary())
        .build();
    BlindIndex after = new BlindIndex(keys(before.fieldEncryptionKeyset(), rotated));

    assertThat(after.of("phone", "+84912345678")).isNotEqualTo(old);
    assertThat(after.candidates("phone", "+84912345678")).hasSize(2)
        .first().isEqualTo(after.of("phone", "+84912345678"));
    assertThat(after.candidates("phone", "+84912345678")).anySatisfy(c -> assertThat(c).isEqualTo(old));
  }

  static KeyProvider keys(KeysetHandle aead, KeysetHandle prf) {
    try {
      TinkRegistration.ensure();
      return keys(aead, prf, KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Keys in memory, e.g. a keyset after a rotation. */
  public static KeyProvider keys(KeysetHandle aead, KeysetHandle prf, KeysetHandle subject) {
    return new KeyProvider() {
      @Override
      public KeysetHandle fieldEncryptionKeyset() {
        return aead;
      }

      @Override
      public KeysetHandle blindIndexKeyset() {
        return prf;
      }

      @Override
      public KeysetHandle subjectIdKeyset() {
        return subject;
      }
    };
  }
}
