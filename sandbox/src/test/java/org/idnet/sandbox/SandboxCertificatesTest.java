package org.idnet.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.idnet.tls.dev.DevelopmentCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's own CA and per-process certificates: made once, reused, repaired. */
class SandboxCertificatesTest {

  @TempDir
  Path data;

  @Test
  void ensureWhenDataFolderEmptyThenACaAndEachProcessesFilesNamingItsSpiffeId() throws Exception {
    Path root = SandboxCertificates.ensure(data);

    X509Certificate ca = DevelopmentCa.readCertificate(root.resolve("ca/ca.crt"));
    assertThat(root.resolve(SandboxCertificates.MARKER)).content().contains("Not for production");
    for (String process : SandboxCertificates.PROCESSES) {
      Path dir = root.resolve(process);
      X509Certificate leaf = DevelopmentCa.readCertificate(dir.resolve("tls.crt"));
      leaf.verify(ca.getPublicKey());
      assertThat(leaf.getSubjectAlternativeNames()).contains(List.of(6, "spiffe://idnet/" + process),
          List.of(2, "localhost"));
      assertThat(Files.readString(dir.resolve("tls.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
      assertThat(Files.getPosixFilePermissions(dir.resolve("tls.key")))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(dir.resolve("ca.crt")).hasSameTextualContentAs(root.resolve("ca/ca.crt"));
    }
  }

  @Test
  void ensureWhenRunAgainThenEverythingIsReused() throws Exception {
    Path root = SandboxCertificates.ensure(data);
    String ca = Files.readString(root.resolve("ca/ca.crt"));
    String gateway = Files.readString(root.resolve("gateway/tls.crt"));
    String key = Files.readString(root.resolve("gateway/tls.key"));

    SandboxCertificates.ensure(data);

    assertThat(Files.readString(root.resolve("ca/ca.crt"))).isEqualTo(ca);
    assertThat(Files.readString(root.resolve("gateway/tls.crt"))).isEqualTo(gateway);
    assertThat(Files.readString(root.resolve("gateway/tls.key"))).isEqualTo(key);
  }

  @Test
  void ensureWhenACertificateIsFromAnotherCaOrMissingThenIssuedAgain() throws Exception {
    Path root = SandboxCertificates.ensure(data);
    DevelopmentCa.create("elsewhere", Duration.ofDays(1)).issue("gateway", Duration.ofDays(365))
        .writeTo(root.resolve("gateway"));
    Files.delete(root.resolve("identity-service/tls.key"));

    SandboxCertificates.ensure(data);

    X509Certificate ca = DevelopmentCa.readCertificate(root.resolve("ca/ca.crt"));
    DevelopmentCa.readCertificate(root.resolve("gateway/tls.crt")).verify(ca.getPublicKey());
    assertThat(root.resolve("identity-service/tls.key")).exists();
    assertThat(root.resolve("gateway/ca.crt")).hasSameTextualContentAs(root.resolve("ca/ca.crt"));
  }
}
