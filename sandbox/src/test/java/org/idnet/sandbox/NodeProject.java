package org.idnet.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js project of the build's tests (the browser tests): its pinned packages installed with
 * {@code npm ci --ignore-scripts} when its lock file changed since the last install (a stamp in
 * {@code node_modules} remembers the lock file's SHA-256), so a repeated build downloads nothing.
 * No install script ever runs: no browser is downloaded.
 */
final class NodeProject {

  private final Path directory;

  NodeProject(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  Path directory() {
    return directory;
  }

  /** Installs the locked packages unless they already are. */
  synchronized void install() throws IOException, InterruptedException {
    Path stamp = directory.resolve("node_modules/.idnet-package-lock.sha256");
    String lock = sha256(directory.resolve("package-lock.json"));
    if (Files.exists(stamp) && Files.readString(stamp).strip().equals(lock)) {
      return;
    }
    Process npm;
    try {
      npm = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
          .directory(directory.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("the browser tests need Node.js 20+ and npm on the PATH (README, \"Set up\")", e);
    }
    String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
      npm.destroyForcibly();
      throw new IllegalStateException("npm ci failed in " + directory + ":\n" + output);
    }
    Files.writeString(stamp, lock);
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
