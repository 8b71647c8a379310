package org.idnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code k8s/crd-check/check.mjs} (npm {@code @kubernetes-models/cert-manager} and
 * {@code external-secrets}, pinned by its package-lock.json) over objects. Installs the pinned
 * packages with {@code npm ci} when the lock file changed since the last install (a stamp in
 * node_modules remembers it), as the gateway's API lint does. Needs Node.js 20+ and npm on the PATH.
 */
final class CustomResourceModels {

  static final Path DIRECTORY = Kustomize.MODULE.resolve("crd-check");
  private static final Path STAMP = DIRECTORY.resolve("node_modules/.idnet-package-lock.sha256");

  record Result(int exitCode, String report) {
  }

  private CustomResourceModels() {
  }

  static synchronized Result check(List<? extends JsonNode> objects) throws IOException, InterruptedException {
    install();
    Process node = new ProcessBuilder("node", "check.mjs").directory(DIRECTORY.toFile()).redirectErrorStream(true).start();
    node.getOutputStream().write(Manifests.JSON.writeValueAsBytes(objects));
    node.getOutputStream().close();
    String report = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!node.waitFor(2, TimeUnit.MINUTES)) {
      node.destroyForcibly();
      throw new IllegalStateException("node check.mjs did not finish within 2 minutes");
    }
    return new Result(node.exitValue(), report);
  }

  private static void install() throws IOException, InterruptedException {
    String lock = sha256(DIRECTORY.resolve("package-lock.json"));
    if (Files.exists(STAMP) && Files.readString(STAMP).strip().equals(lock)) {
      return;
    }
    Process npm;
    try {
      npm = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
          .directory(DIRECTORY.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("checking cert-manager and External Secrets objects needs Node.js 20+ and npm on the"
          + " PATH (see README, \"Kubernetes\")", e);
    }
    String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
      npm.destroyForcibly();
      throw new IllegalStateException("npm ci failed in " + DIRECTORY + ":\n" + output);
    }
    Files.writeString(STAMP, lock);
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
