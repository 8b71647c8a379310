package org.idnet.keysets;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * Public keyset files: the public half of a signing keyset, written by the service that signs so
 * that another service can verify (disclosure-service's grant-signing key, trusted by
 * identity-service). They hold no secret, so they are plain Tink JSON readable by others; reading
 * one refuses secret key material and keys of another kind.
 */
public final class PublicKeysetFile {

  private PublicKeysetFile() {
  }

  /**
   * Writes the public half of {@code signing} to {@code file}, atomically. An unchanged keyset
   * leaves the file untouched, so readers that watch it reload only when a key really changed.
   */
  public static void write(Path file, KeysetHandle signing) {
    String described = "public keyset " + file.toAbsolutePath();
    String json = json(signing, described);
    if (Files.isRegularFile(file) && KeysetFiles.read(file, described).equals(json)) {
      return;
    }
    KeysetFiles.write(file, json, KeysetFiles.READABLE, described);
  }

  /** The public half of {@code signing} as the content of a public keyset file (Tink JSON, no secret). */
  public static String json(KeysetHandle signing) {
    return json(signing, "a public keyset");
  }

  private static String json(KeysetHandle signing, String described) {
    try {
      return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(signing.getPublicKeysetHandle());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the keyset for " + described + " has no public half (not a signing keyset)", e);
    }
  }

  /**
   * The public keyset in {@code file}, whose keys must all be of {@code kind}.
   *
   * @throws IllegalStateException naming the file if it is no public keyset, holds secret key
   *     material or keys of another kind
   * @throws java.io.UncheckedIOException if it cannot be read (missing, say)
   */
  public static KeysetHandle read(Path file, Class<? extends Parameters> kind) {
    TinkRegistration.ensure();
    String described = "public keyset " + file.toAbsolutePath();
    KeysetHandle handle;
    try {
      handle = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(KeysetFiles.read(file, described));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(described + " is not a Tink JSON keyset of public keys only", e);
    }
    return KeysetSpec.checked(handle, kind, described);
  }
}
