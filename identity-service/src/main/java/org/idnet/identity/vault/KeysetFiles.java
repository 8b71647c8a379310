package org.idnet.identity.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/** Reading and writing keyset files: owner-only, and atomically, so a crash never leaves half a keyset. */
final class KeysetFiles {

  private KeysetFiles() {
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read identity keyset " + file.toAbsolutePath(), e);
    }
  }

  static void write(Path file, String content) {
    Path directory = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(directory);
      Path temp = Files.createTempFile(directory, ".keyset-", ".tmp");
      if (Objects.requireNonNull(temp.getFileSystem()).supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      }
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create identity keyset " + file.toAbsolutePath(), e);
    }
  }

  static void requireDirectory(Path directory) {
    if (directory == null || directory.toString().isBlank()) {
      throw new IllegalStateException("idnet.identity.keys.directory is not set: it must name the directory of the "
          + KeysetRole.ALL_FILES + " keysets");
    }
  }
}
