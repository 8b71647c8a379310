package org.idnet.audit.verifier;

import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.SignatureConfig;
import java.security.GeneralSecurityException;

/**
 * Checks checkpoint signatures against the published public keyset (Tink JSON, Ed25519).
 *
 * <p>Why the named key alone: the checkpoint says which key signed it ({@code keyId}); verifying
 * with exactly that key (not "any key of the keyset") makes the key id part of what is proved, so
 * a checkpoint cannot be relabelled to another key and still pass.
 */
public final class CheckpointSignatures {

  static {
    try {
      SignatureConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final KeysetHandle publicKeyset;

  public CheckpointSignatures(KeysetHandle publicKeyset) {
    this.publicKeyset = publicKeyset;
  }

  /**
   * Reads a public keyset in Tink's JSON format; a keyset holding private key material is refused
   * (it must never be published, so one that is can only be a mistake).
   *
   * @throws IllegalArgumentException if the text is no public Tink keyset
   */
  public static CheckpointSignatures fromPublicKeysetJson(String json) {
    try {
      return new CheckpointSignatures(TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(json));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("not a public Tink keyset in JSON (" + e.getMessage() + ")", e);
    }
  }

  /** The key id a checkpoint names: Tink's 32-bit key id as unsigned decimal. */
  public static String keyId(int tinkKeyId) {
    return Integer.toUnsignedString(tinkKeyId);
  }

  /** True when the named, enabled key of the keyset signed exactly this checkpoint's bytes. */
  public boolean verify(AuditCheckpoint checkpoint) {
    int id;
    try {
      id = Integer.parseUnsignedInt(checkpoint.keyId());
    } catch (NumberFormatException e) {
      return false;
    }
    for (int i = 0; i < publicKeyset.size(); i++) {
      KeysetHandle.Entry entry = publicKeyset.getAt(i);
      if (entry.getId() == id && entry.getStatus().equals(KeyStatus.ENABLED)) {
        return verifyWith(entry, checkpoint);
      }
    }
    return false;
  }

  private static boolean verifyWith(KeysetHandle.Entry entry, AuditCheckpoint checkpoint) {
    try {
      KeysetHandle single = KeysetHandle.newBuilder()
          .addEntry(KeysetHandle.importKey(entry.getKey()).withFixedId(entry.getId()).makePrimary())
          .build();
      single.getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class)
          .verify(checkpoint.signature(), checkpoint.canonicalBytes());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
