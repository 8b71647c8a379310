package org.idnet.identity.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.KmsClients;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Production keys: the three keysets are stored encrypted (Tink's envelope format, JSON) under a
 * master key that never leaves the KMS; the KMS is asked once per keyset at start-up and the
 * keys then live only in memory. A stolen keyset file is useless without the KMS, and a keyset
 * file put in the place of another does not decrypt ({@link KeysetRole#associatedData()}).
 *
 * <p>{@code createIfMissing} generates and writes encrypted keysets on a first deployment; it
 * must be switched off afterwards, since a lost keyset would otherwise be replaced silently.
 */
public final class KmsKeyProvider implements KeyProvider {

  private static final Logger log = LoggerFactory.getLogger(KmsKeyProvider.class);

  private final KeysetHandle fieldEncryption;
  private final KeysetHandle blindIndex;
  private final KeysetHandle subjectId;

  /**
   * @param keyUri the master key, e.g. {@code gcp-kms://projects/p/locations/l/keyRings/r/cryptoKeys/k}
   *     or {@code aws-kms://arn:aws:kms:...}
   * @param kms a client that supports {@code keyUri}, with its credentials
   */
  public KmsKeyProvider(Path directory, String keyUri, KmsClient kms, boolean createIfMissing) {
    KeysetFiles.requireDirectory(directory);
    if (keyUri == null || keyUri.isBlank()) {
      throw new IllegalStateException("idnet.identity.keys.kms-key-uri is not set: with "
          + "idnet.identity.keys.provider=kms it must name the KMS master key (gcp-kms://... or aws-kms://...)");
    }
    TinkRegistration.ensure();
    Aead master = master(keyUri, kms);
    this.fieldEncryption = load(directory, KeysetRole.FIELD_ENCRYPTION, keyUri, master, createIfMissing);
    this.blindIndex = load(directory, KeysetRole.BLIND_INDEX, keyUri, master, createIfMissing);
    this.subjectId = load(directory, KeysetRole.SUBJECT_ID, keyUri, master, createIfMissing);
  }

  @Override
  public KeysetHandle fieldEncryptionKeyset() {
    return fieldEncryption;
  }

  @Override
  public KeysetHandle blindIndexKeyset() {
    return blindIndex;
  }

  @Override
  public KeysetHandle subjectIdKeyset() {
    return subjectId;
  }

  /**
   * The KMS client for {@code keyUri} the process knows: one registered with {@link KmsClients#add},
   * else one of the Tink KMS extensions on the class path (found by {@link java.util.ServiceLoader}),
   * with the platform's default credentials (workload identity, instance role). Null if none.
   */
  public static KmsClient clientFor(String keyUri) {
    if (keyUri == null || keyUri.isBlank()) {
      return null;
    }
    try {
      return KmsClients.get(keyUri);
    } catch (GeneralSecurityException notRegistered) {
      try {
        return KmsClients.getAutoLoaded(keyUri).withDefaultCredentials();
      } catch (GeneralSecurityException notOnClassPath) {
        return null;
      }
    }
  }

  private static Aead master(String keyUri, KmsClient kms) {
    if (kms == null || !kms.doesSupport(keyUri)) {
      throw new IllegalStateException("no KMS client supports " + keyUri + ": put the Tink KMS extension of your "
          + "cloud on the class path (tink-gcpkms or tink-awskms) or provide a KmsClient bean");
    }
    try {
      return kms.getAead(keyUri);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the KMS does not give the master key " + keyUri, e);
    }
  }

  private static KeysetHandle load(Path directory, KeysetRole role, String keyUri, Aead master,
      boolean createIfMissing) {
    Path file = directory.resolve(role.fileName());
    if (!Files.exists(file)) {
      if (!createIfMissing) {
        throw new IllegalStateException("identity keyset " + file.toAbsolutePath() + " does not exist. Provide the "
            + "keysets " + KeysetRole.ALL_FILES + ", encrypted under " + keyUri + ", in idnet.identity.keys.directory "
            + "(or set idnet.identity.keys.create-if-missing=true once, on the first deployment)");
      }
      create(file, role, master);
    }
    try {
      return role.checked(TinkJsonProtoKeysetFormat.parseEncryptedKeyset(KeysetFiles.read(file), master,
          role.associatedData()), file);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("identity keyset " + file.toAbsolutePath() + " does not decrypt under the KMS "
          + "key " + keyUri + ": another master key, an altered file, or the keyset of another role", e);
    }
  }

  private static void create(Path file, KeysetRole role, Aead master) {
    try {
      KeysetFiles.write(file, TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
          KeysetHandle.generateNew(role.generate()), master, role.associatedData()));
      log.warn("generated identity keyset {} encrypted under the KMS key (idnet.identity.keys.create-if-missing=true);"
          + " switch the setting off once the keysets exist", file.toAbsolutePath());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate identity keyset " + file.getFileName()
          + " under the KMS key", e);
    }
  }
}
