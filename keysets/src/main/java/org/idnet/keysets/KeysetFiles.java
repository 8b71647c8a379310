package org.idnet.keysets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Reading and writing keyset files: atomically, so a crash never leaves half a keyset behind. */
final class KeysetFiles {

  /** Secret keysets: owner only. */
  static final String OWNER_ONLY = "rw-------";
  /** Public keysets: other services (another user, in the sandbox perhaps) read them. */
  static final String READABLE = "rw-r--r--";

  private KeysetFiles() {
  }

  static String read(Path file, String described) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + described, e);
    }
  }

  /** Writes to a temporary file of the same directory, then renames it over {@code file}. */
  static void write(Path file, String content, String permissions, String described) {
    Path directory = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(directory);
      Path temp = Files.createTempFile(directory, ".keyset-", ".tmp");
      try {
        if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
          Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(permissions));
        }
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + described, e);
    }
  }
}
