package org.idnet.identity.vault;

import java.nio.file.Path;
import org.idnet.keysets.KeysetDirectory;

/**
 * The vault's keysets as plain Tink JSON files in a directory (the sandbox data folder). With
 * {@code createIfMissing} - the sandbox profile only - a missing keyset is generated on first
 * start and the directory is marked as holding development keys; otherwise a missing keyset stops
 * the start-up, because new keys would silently make every stored ciphertext unreadable.
 */
public final class KeysetFileKeyProvider extends VaultKeysets {

  public static final String AEAD_FILE = FIELD_ENCRYPTION.fileName();
  public static final String BLIND_INDEX_FILE = BLIND_INDEX.fileName();
  public static final String SUBJECT_ID_FILE = SUBJECT_ID.fileName();
  static final String SANDBOX_MARKER = KeysetDirectory.SANDBOX_MARKER;

  public KeysetFileKeyProvider(Path directory, boolean createIfMissing) {
    super(KeysetDirectory.plain(LAYOUT, directory, createIfMissing));
  }
}
