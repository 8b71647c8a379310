package org.idnet.identity.store;

import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.subtle.Ed25519Verify;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.TreeMap;
import org.idnet.identity.domain.GrantSignatures;
import org.idnet.identity.domain.SignatureCheck;
import org.idnet.identity.domain.SignedGrant;
import org.idnet.keysets.PublicKeysetFile;
import org.idnet.keysets.TinkRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys of disclosure-service's grant-signing keyset, which alone may sign grants. Read
 * from a file that disclosure-service publishes (or an operator makes with {@code bin/idnet-keysets
 * public-keyset} and mounts), and read again whenever the file changes (a stat
 * per release; releases are rare), so the signing key can be rotated without a restart here and a
 * key removed from the file stops being trusted at once.
 *
 * <p>Fails closed: a missing, unreadable or unsuitable file trusts no key, so every grant is
 * refused; the service still starts (the sandbox starts identity before disclosure) and the log
 * says why, once per change of the file.
 */
public final class TinkGrantSignatures implements GrantSignatures {

  static final String PROPERTY = "idnet.identity.disclosure-grants.public-keyset-file";
  private static final Logger log = LoggerFactory.getLogger(TinkGrantSignatures.class);

  private final Path file;
  private volatile Snapshot current;

  /** @param file the public keyset file; null when not configured (then nothing is trusted) */
  public TinkGrantSignatures(Path file) {
    TinkRegistration.ensure();
    this.file = file;
    keys();
  }

  @Override
  public SignatureCheck check(SignedGrant grant) {
    Map<Integer, PublicKeyVerify> keys = keys();
    if (keys.isEmpty()) {
      return SignatureCheck.NO_TRUSTED_KEYS;
    }
    PublicKeyVerify key;
    try {
      // Tink key ids are unsigned 32-bit numbers, written in decimal.
      key = keys.get(Integer.parseUnsignedInt(grant.keyId()));
    } catch (NumberFormatException malformed) {
      return SignatureCheck.UNKNOWN_KEY;
    }
    if (key == null) {
      return SignatureCheck.UNKNOWN_KEY;
    }
    try {
      // With the TINK output prefix the signature also names its key: another key's signature fails here.
      key.verify(grant.signature(), grant.grant());
      return SignatureCheck.VALID;
    } catch (GeneralSecurityException invalid) {
      return SignatureCheck.INVALID;
    }
  }

  /** The trusted keys by key id, as of the file's current state. */
  private Map<Integer, PublicKeyVerify> keys() {
    FileState state = FileState.of(file);
    Snapshot snapshot = current;
    if (snapshot != null && snapshot.state().equals(state)) {
      return snapshot.keys();
    }
    synchronized (this) {
      if (current == null || !current.state().equals(state)) {
        current = new Snapshot(state, load(state));
      }
      return current.keys();
    }
  }

  private Map<Integer, PublicKeyVerify> load(FileState state) {
    if (file == null) {
      log.warn("{} is not set: every ReleaseIdentity is refused until it names disclosure-service's grant-signing "
          + "public keyset", PROPERTY);
      return Map.of();
    }
    if (!state.exists()) {
      log.warn("trusted grant-signing keyset {} does not exist ({}): every ReleaseIdentity is refused until it "
          + "is there (written by disclosure-service, or mounted); it is looked for again on every release",
          file.toAbsolutePath(), PROPERTY);
      return Map.of();
    }
    try {
      Map<Integer, PublicKeyVerify> keys = verifiers(PublicKeysetFile.read(file, Ed25519Parameters.class));
      log.info("trusted grant-signing keys from {}: key ids {}", file.toAbsolutePath(), keys.keySet().stream()
          .map(Integer::toUnsignedString).toList());
      return keys;
    } catch (IllegalStateException | UncheckedIOException | GeneralSecurityException e) {
      log.error("trusted grant-signing keyset {} is unusable, so every ReleaseIdentity is refused until it is "
          + "fixed: {}", file.toAbsolutePath(), e.getMessage());
      return Map.of();
    }
  }

  /** A verifier per enabled key; a key without the TINK prefix would not bind its signatures to its id. */
  private static Map<Integer, PublicKeyVerify> verifiers(KeysetHandle keyset) throws GeneralSecurityException {
    Map<Integer, PublicKeyVerify> keys = new TreeMap<>();
    for (int i = 0; i < keyset.size(); i++) {
      KeysetHandle.Entry entry = keyset.getAt(i);
      Ed25519PublicKey key = (Ed25519PublicKey) entry.getKey();
      if (key.getParameters().getVariant() != Ed25519Parameters.Variant.TINK) {
        throw new GeneralSecurityException("key " + Integer.toUnsignedString(entry.getId())
            + " is not an Ed25519 key with the TINK output prefix");
      }
      if (entry.getStatus() == KeyStatus.ENABLED) {
        keys.put(entry.getId(), Ed25519Verify.create(key));
      }
    }
    return java.util.Collections.unmodifiableMap(keys);
  }

  private record Snapshot(FileState state, Map<Integer, PublicKeyVerify> keys) {
  }

  /** What tells a changed file: a replacement by rename changes the file key, an edit in place the time or size. */
  private record FileState(boolean exists, FileTime modified, long size, Object fileKey) {

    static FileState of(Path file) {
      if (file == null) {
        return new FileState(false, null, -1, null);
      }
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileState(true, attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
      } catch (IOException missing) {
        return new FileState(false, null, -1, null);
      }
    }
  }
}
