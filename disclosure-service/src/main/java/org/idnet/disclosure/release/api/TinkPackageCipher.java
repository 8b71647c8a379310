package org.idnet.disclosure.release.api;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;
import org.idnet.disclosure.api.IdentityFieldMapping;
import org.idnet.disclosure.release.domain.DisclosedFields;
import org.idnet.disclosure.release.domain.PackageCipher;
import org.idnet.identity.v1.IdentityFields;
import org.idnet.keysets.TinkRegistration;

/**
 * Seals disclosure packages with Tink AEAD (AES-256-GCM). The plaintext is the contract's
 * {@link IdentityFields} message (unset = not released); the associated data names the request,
 * so a sealed package copied to another request's row does not open. Tink prefixes each
 * ciphertext with its key id, so packages sealed before a key rotation still open.
 */
public final class TinkPackageCipher implements PackageCipher {

  private static final String ASSOCIATED_DATA = "idnet-disclosure|package|";

  private final Aead aead;

  public TinkPackageCipher(KeysetHandle packageEncryption) {
    TinkRegistration.ensure();
    try {
      this.aead = packageEncryption.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the package-encryption keyset does not give an AEAD", e);
    }
  }

  @Override
  public byte[] seal(UUID requestId, DisclosedFields fields) {
    try {
      return aead.encrypt(IdentityFieldMapping.toProto(fields).toByteArray(), associatedData(requestId));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not seal the package of request " + requestId, e);
    }
  }

  /** Throws {@link IllegalStateException} (naming the request only) if the package was altered or belongs elsewhere. */
  @Override
  public DisclosedFields open(UUID requestId, byte[] sealed) {
    try {
      return IdentityFieldMapping.fromProto(IdentityFields.parseFrom(aead.decrypt(sealed, associatedData(requestId))));
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      throw new IllegalStateException("the package of request " + requestId + " does not open", e);
    }
  }

  private static byte[] associatedData(UUID requestId) {
    return (ASSOCIATED_DATA + requestId).getBytes(StandardCharsets.UTF_8);
  }
}
