package org.idnet.disclosure.release.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.idnet.disclosure.release.domain.DisclosedFields;
import org.idnet.disclosure.release.domain.PhoneSource;
import org.idnet.keysets.TinkRegistration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sealed packages: exactly what was released comes back, only for its own request, and no plain value shows. */
class TinkPackageCipherTest {

  static final DisclosedFields MAI = new DisclosedFields("Nguyễn Thị Mai", "001190012345", "1990-04-12");

  static KeysetHandle keyset;

  @BeforeAll
  static void keys() throws Exception {
    TinkRegistration.ensure();
    keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
  }

  @Test
  void openGivesBackTheReleasedFieldsWithUnreleasedOnesStillNull() {
    TinkPackageCipher cipher = new TinkPackageCipher(keyset);
    UUID request = UUID.randomUUID();

    byte[] sealed = cipher.seal(request, MAI);

    assertThat(cipher.open(request, sealed)).isEqualTo(MAI);
    DisclosedFields phoneOnly = new DisclosedFields(null, null, null, "+84912345678", PhoneSource.IMPORTED,
        java.time.Instant.parse("2025-11-20T08:00:00.654321Z"));
    assertThat(cipher.open(request, cipher.seal(request, phoneOnly))).isEqualTo(phoneOnly);
    String raw = new String(sealed, StandardCharsets.ISO_8859_1);
    assertThat(raw).doesNotContain("001190012345").doesNotContain("1990-04-12");
    assertThat(new String(sealed, StandardCharsets.UTF_8)).doesNotContain("Mai");
  }

  @Test
  void aPackageDoesNotOpenForAnotherRequestNorAfterOneByteChanged() {
    TinkPackageCipher cipher = new TinkPackageCipher(keyset);
    UUID request = UUID.randomUUID();
    byte[] sealed = cipher.seal(request, MAI);
    byte[] altered = sealed.clone();
    altered[altered.length / 2] ^= 1;

    UUID other = UUID.randomUUID();
    assertThatThrownBy(() -> cipher.open(other, sealed))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(other.toString())
        .hasMessageNotContaining("001190012345");
    assertThatThrownBy(() -> cipher.open(request, altered)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void packagesSealedBeforeAKeyRotationStillOpen() throws Exception {
    UUID request = UUID.randomUUID();
    byte[] old = new TinkPackageCipher(keyset).seal(request, MAI);
    KeysetHandle rotated = KeysetHandle.newBuilder(keyset).addEntry(KeysetHandle
        .generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary()).build();

    assertThat(new TinkPackageCipher(rotated).open(request, old)).isEqualTo(MAI);
    assertThatThrownBy(() -> new TinkPackageCipher(keyset).open(request, new TinkPackageCipher(rotated)
        .seal(request, MAI))).isInstanceOf(IllegalStateException.class);
  }
}
