package org.idnet.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.idnet.tls.dev.DevelopmentCa;

/**
 * The sandbox's mutual-TLS material, made at the first start in {@code <data>/tls} and reused
 * after: a development CA ({@code ca/ca.crt}, {@code ca/ca.key}) and, per process, the files
 * cert-manager would mount ({@code <service>/tls.crt}, {@code tls.key}, {@code ca.crt}) with the
 * SPIFFE id {@code spiffe://idnet/<service>}. A certificate that is missing, near its end or not
 * from the CA in the folder is issued again. Development material: public to whoever reads the
 * data folder, never for production.
 */
final class SandboxCertificates {

  static final List<String> PROCESSES = List.of("gateway", "phone-otp-service", "identity-service",
      "disclosure-service", "webhook-dispatcher");
  static final String MARKER = "SANDBOX-DEVELOPMENT-CERTIFICATES.txt";
  private static final Duration CA_LIFETIME = Duration.ofDays(3650);
  private static final Duration LIFETIME = Duration.ofDays(365);
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private SandboxCertificates() {
  }

  /** Makes or checks the material under {@code data/tls}; returns that folder. */
  static Path ensure(Path data) {
    Path root = data.resolve("tls");
    try {
      Files.createDirectories(root);
      DevelopmentCa ca = DevelopmentCa.createOrLoad(root.resolve("ca"), "idnet sandbox development CA", CA_LIFETIME);
      for (String process : PROCESSES) {
        Path directory = root.resolve(process);
        if (!current(directory, ca)) {
          ca.issue(process, LIFETIME).writeTo(directory);
        }
      }
      Files.writeString(root.resolve(MARKER), """
          Sandbox development certificates, made by bin/sandbox on its first start. Not for production.
          ca/             the sandbox's own certificate authority (ca.key signs the others)
          <service>/      tls.crt, tls.key (PKCS#8), ca.crt: mutual TLS of that idnet process, its
                          certificate naming spiffe://idnet/<service> (and DNS localhost)
          Production mounts the same three files from a cert-manager Certificate per service (README).
          Delete this folder to have new ones made at the next start.
          """, StandardCharsets.UTF_8);
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the sandbox certificates in " + root, e);
    }
  }

  /** Whether {@code directory} holds a certificate of {@code ca}, valid for a while yet. */
  private static boolean current(Path directory, DevelopmentCa ca) throws IOException {
    Path certificate = directory.resolve(DevelopmentCa.CERTIFICATE);
    if (!Files.isRegularFile(certificate) || !Files.isRegularFile(directory.resolve(DevelopmentCa.KEY))
        || !Files.isRegularFile(directory.resolve(DevelopmentCa.CA))) {
      return false;
    }
    try {
      X509Certificate leaf = DevelopmentCa.readCertificate(certificate);
      leaf.verify(ca.certificate().getPublicKey());
      return leaf.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE));
    } catch (IOException | GeneralSecurityException e) {
      return false;
    }
  }
}
