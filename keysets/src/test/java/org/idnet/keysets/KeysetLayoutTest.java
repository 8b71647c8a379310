package org.idnet.keysets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.idnet.keysets.TestLayouts.AEAD;
import static org.idnet.keysets.TestLayouts.PRF;

import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PrfParameters;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysetLayoutTest {

  @Test
  void associatedDataBindsTheKeysetToItsServiceAndFile() {
    KeysetLayout identity = new KeysetLayout("identity", "idnet.identity.keys", List.of(AEAD, PRF));

    assertThat(new String(identity.associatedData(AEAD), StandardCharsets.UTF_8))
        .isEqualTo("idnet-identity|aead-keyset.json");
    assertThat(identity.associatedData(PRF)).isNotEqualTo(identity.associatedData(AEAD));
    assertThat(identity.allFiles()).isEqualTo("aead-keyset.json and prf-keyset.json");
  }

  @Test
  void aLayoutOrSpecThatCannotWorkIsRefusedWhenDeclared() {
    assertThatThrownBy(() -> new KeysetLayout("identity", "p", List.of(AEAD, AEAD)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeysetLayout("Identity Service", "p", List.of(AEAD)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeysetSpec("../aead.json", PredefinedAeadParameters.AES256_GCM,
        com.google.crypto.tink.aead.AeadParameters.class)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeysetSpec("aead.json", PredefinedAeadParameters.AES256_GCM, PrfParameters.class))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
