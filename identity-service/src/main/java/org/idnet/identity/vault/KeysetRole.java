package org.idnet.identity.vault;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.aead.AeadParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfParameters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The vault's three keysets: file name, kind of key, and what a new one is made of. */
enum KeysetRole {
  FIELD_ENCRYPTION("aead-keyset.json", PredefinedAeadParameters.AES256_GCM, AeadParameters.class),
  BLIND_INDEX("blind-index-keyset.json", PredefinedPrfParameters.HMAC_SHA256_PRF, PrfParameters.class),
  SUBJECT_ID("subject-id-keyset.json", PredefinedPrfParameters.HMAC_SHA256_PRF, PrfParameters.class);

  static final String ALL_FILES = "aead-keyset.json, blind-index-keyset.json and subject-id-keyset.json";

  private final String fileName;
  private final Parameters generate;
  private final Class<? extends Parameters> expected;

  KeysetRole(String fileName, Parameters generate, Class<? extends Parameters> expected) {
    this.fileName = fileName;
    this.generate = generate;
    this.expected = expected;
  }

  String fileName() {
    return fileName;
  }

  Parameters generate() {
    return generate;
  }

  /**
   * Associated data of an encrypted keyset: an encrypted blind-index keyset put in place of the
   * field-encryption keyset does not decrypt, so keys are never used in the wrong role.
   */
  byte[] associatedData() {
    return ("idnet-identity|" + fileName).getBytes(StandardCharsets.UTF_8);
  }

  /** Refuses a keyset holding a key of another kind (an AEAD key where a PRF belongs, say). */
  KeysetHandle checked(KeysetHandle handle, Path file) {
    for (int i = 0; i < handle.size(); i++) {
      if (!expected.isInstance(handle.getAt(i).getKey().getParameters())) {
        throw new IllegalStateException("identity keyset " + file.toAbsolutePath() + " holds a key of the wrong "
            + "kind: expected " + expected.getSimpleName() + " keys only");
      }
    }
    return handle;
  }
}
