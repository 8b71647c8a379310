package org.idnet.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One process's TLS material as cert-manager writes it into a secret volume: {@code tls.crt} (the
 * certificate, then its chain), {@code tls.key} (its private key, PKCS#8 PEM) and {@code ca.crt}
 * (the CA every idnet peer's certificate must chain to).
 */
public record TlsDirectory(Path directory) {

  public static final String CERTIFICATE = "tls.crt";
  public static final String KEY = "tls.key";
  public static final String CA = "ca.crt";
  /** The configuration property that names the directory (env {@code IDNET_TLS_DIRECTORY}). */
  public static final String PROPERTY = "idnet.tls.directory";

  public Path certificate() {
    return directory.resolve(CERTIFICATE);
  }

  public Path key() {
    return directory.resolve(KEY);
  }

  public Path ca() {
    return directory.resolve(CA);
  }

  /**
   * The directory for {@code configured}, checked: an idnet process without its TLS material must
   * not start (it would have to fall back to plaintext), and the message says what is missing.
   */
  public static TlsDirectory require(Path configured) {
    if (configured == null || configured.toString().isBlank()) {
      throw new IllegalStateException(PROPERTY + " is not set: idnet's gRPC runs over mutual TLS only. Point it "
          + "(env IDNET_TLS_DIRECTORY) at the directory holding " + CERTIFICATE + ", " + KEY + " and " + CA
          + " (a cert-manager Certificate's secret; the sandbox makes its own)");
    }
    TlsDirectory tls = new TlsDirectory(configured.toAbsolutePath());
    for (Path file : new Path[] {tls.certificate(), tls.key(), tls.ca()}) {
      if (!Files.isReadable(file)) {
        throw new IllegalStateException(PROPERTY + "=" + configured + ": " + file.getFileName()
            + " is missing or unreadable there (expected " + CERTIFICATE + ", " + KEY + ", " + CA + ")");
      }
    }
    try {
      if (!Files.readString(tls.key()).contains("-----BEGIN PRIVATE KEY-----")) {
        throw new IllegalStateException(PROPERTY + "=" + configured + ": " + KEY + " is not a PKCS#8 PEM key "
            + "(-----BEGIN PRIVATE KEY-----); with cert-manager set privateKey.encoding: PKCS8");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + tls.key(), e);
    }
    return tls;
  }
}
