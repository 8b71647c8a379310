package org.idnet.keycloak.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An instance's own copy of the Keycloak distribution the build unpacked. Keycloak writes into its
 * home (its build for development mode, the H2 database, transaction logs), so instances do not
 * share one; a copy is made once and kept while the version stays the same.
 */
final class Distribution {

  private Distribution() {
  }

  static Path prepare(Path home, Path target) {
    String version = KeycloakServer.version();
    Path unpacked = home.resolve("keycloak").resolve("target").resolve("keycloak-server").resolve("keycloak-" + version);
    if (!Files.isRegularFile(unpacked.resolve("bin").resolve("kc.sh"))) {
      throw new IllegalStateException("Keycloak " + version + " is not unpacked at " + unpacked
          + ": build it first (bin/sandbox does; or mvn -B -pl keycloak package)");
    }
    // Written after the whole copy: an interrupted copy is made again.
    Path marker = target.resolve(".idnet-copy-of-" + version);
    try {
      if (Files.isRegularFile(marker)) {
        return target;
      }
      delete(target);
      copy(unpacked, target);
      Files.createFile(marker);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("could not copy Keycloak to " + target, e);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path destination = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(source, destination, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void delete(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path path : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    }
  }
}
