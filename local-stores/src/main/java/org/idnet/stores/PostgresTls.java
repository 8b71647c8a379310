package org.idnet.stores;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS of an embedded PostgreSQL server: its certificate and private key (PEM; the key readable by
 * its owner only, or PostgreSQL refuses it), and the CA file a client verifies the certificate with.
 * Production takes all three from CloudNativePG (the server secret and the cluster's CA secret).
 *
 * @param certificate the server's certificate (chain), PEM
 * @param key its private key, PEM (PKCS#8 or traditional)
 * @param ca the CA certificate clients trust, PEM: {@code sslrootcert} in their JDBC URL
 */
public record PostgresTls(Path certificate, Path key, Path ca) {

  public PostgresTls {
    for (Path file : new Path[] {certificate, key, ca}) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("PostgreSQL TLS file missing: " + file);
      }
    }
    certificate = certificate.toAbsolutePath();
    key = key.toAbsolutePath();
    ca = ca.toAbsolutePath();
  }

  /** The files in a directory of cert-manager's (and CloudNativePG's) shape: tls.crt, tls.key, ca.crt. */
  public static PostgresTls fromDirectory(Path directory) {
    return new PostgresTls(directory.resolve("tls.crt"), directory.resolve("tls.key"), directory.resolve("ca.crt"));
  }
}
