package org.idnet.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/**
 * The CA file is checked once at start, so a wrong path or a file that holds no certificate stops
 * the process with a clear message instead of turning every connection into a TLS failure. Later
 * reads are Lettuce's, one per new connection (how a rotated CA is picked up).
 */
final class TrustFile {

  private TrustFile() {
  }

  static void check(Path file) {
    String name = RedisEndpoint.TRUST_FILE_PROPERTY + " " + file;
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(name + " is not a file (the PEM file of the CA that signed Redis's certificate)");
    }
    try (InputStream in = Files.newInputStream(file)) {
      if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
        throw new IllegalArgumentException(name + " holds no certificate; expected PEM (-----BEGIN CERTIFICATE-----)");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(name + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
    } catch (CertificateException e) {
      throw new IllegalArgumentException(name + " holds no readable X.509 certificate; expected PEM"
          + " (-----BEGIN CERTIFICATE-----)", e);
    }
  }
}
