package org.idnet.gateway.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs Spectral (versions pinned by {@code gateway/api-lint/package-lock.json}) with the committed
 * ruleset {@code gateway/api-lint/.spectral.yaml}, named explicitly so no other ruleset file can
 * stand in. Installs the pinned packages with {@code npm ci} when the lock file changed since the
 * last install (a stamp in {@code node_modules} remembers it), so a repeated build does not
 * download them again. Needs Node.js and npm on the PATH.
 */
final class SpectralLint {

  static final Path DIRECTORY = Path.of("api-lint").toAbsolutePath();
  static final String RULESET = ".spectral.yaml";
  private static final Path STAMP = DIRECTORY.resolve("node_modules/.idnet-package-lock.sha256");

  /** What Spectral said: its own report, and its findings by severity (0 error, 1 warning, ...). */
  record Result(int exitCode, String report, List<JsonNode> findings) {

    long errors() {
      return findings.stream().filter(f -> f.get("severity").asInt() == 0).count();
    }

    long warnings() {
      return findings.stream().filter(f -> f.get("severity").asInt() == 1).count();
    }

    List<String> codes() {
      return findings.stream().map(f -> f.get("code").asString()).distinct().sorted().toList();
    }
  }

  private SpectralLint() {
  }

  static synchronized Result lint(Path document) throws IOException, InterruptedException {
    install();
    Path json = Files.createTempFile(document.toAbsolutePath().getParent(), "spectral-", ".json");
    try {
      Process spectral = new ProcessBuilder(DIRECTORY.resolve("node_modules/.bin/spectral").toString(), "lint",
          "--ruleset", RULESET, "--fail-severity=error", "--format", "stylish", "--format", "json",
          "--output.json", json.toString(), document.toAbsolutePath().toString())
          .directory(DIRECTORY.toFile()).redirectErrorStream(true).start();
      String report = new String(spectral.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!spectral.waitFor(5, TimeUnit.MINUTES)) {
        spectral.destroyForcibly();
        throw new IllegalStateException("spectral did not finish within 5 minutes");
      }
      List<JsonNode> findings = new ArrayList<>();
      if (Files.size(json) > 0) {
        JsonMapper.builder().build().readTree(json.toFile()).forEach(findings::add);
      }
      return new Result(spectral.exitValue(), report, findings);
    } finally {
      Files.deleteIfExists(json);
    }
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
      throw new IllegalStateException("the API lint needs Node.js and npm on the PATH (see README, \"API"
          + " documentation\"); -Didnet.api-lint.skip=true skips it on a machine without them", e);
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
