package org.idnet.keysets;

import com.google.crypto.tink.aead.AeadParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfParameters;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import java.util.List;

/** A service with one keyset of each kind idnet uses. */
final class TestLayouts {

  static final KeysetSpec AEAD = new KeysetSpec("aead-keyset.json", PredefinedAeadParameters.AES256_GCM,
      AeadParameters.class);
  static final KeysetSpec PRF = new KeysetSpec("prf-keyset.json", PredefinedPrfParameters.HMAC_SHA256_PRF,
      PrfParameters.class);
  static final KeysetSpec SIGNING = new KeysetSpec("signing-keyset.json", PredefinedSignatureParameters.ED25519,
      Ed25519Parameters.class);
  static final KeysetLayout DEMO = new KeysetLayout("demo", "idnet.demo.keys", List.of(AEAD, PRF, SIGNING));

  private TestLayouts() {
  }
}
