package org.idnet.tls;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.idnet.tls.dev.DevelopmentCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process without usable TLS material refuses to start, saying what is wrong (never plaintext). */
class TlsDirectoryTest {

  @TempDir
  Path root;

  @Test
  void requireWhenUnsetThenNamesThePropertyAndTheFiles() {
    assertThatThrownBy(() -> TlsDirectory.require(null))
        .hasMessageContaining("idnet.tls.directory is not set").hasMessageContaining("tls.crt, tls.key and ca.crt");
  }

  @Test
  void requireWhenAFileIsMissingThenNamesIt() throws Exception {
    Path dir = DevelopmentCa.create("ca", Duration.ofHours(1)).issue("gateway", Duration.ofHours(1)).writeTo(root);
    Files.delete(dir.resolve("ca.crt"));
    assertThatThrownBy(() -> TlsDirectory.require(dir)).hasMessageContaining("ca.crt is missing");
  }

  @Test
  void requireWhenKeyIsNotPkcs8ThenSaysHowToFixIt() throws Exception {
    Path dir = DevelopmentCa.create("ca", Duration.ofHours(1)).issue("gateway", Duration.ofHours(1)).writeTo(root);
    Files.writeString(dir.resolve("tls.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    assertThatThrownBy(() -> TlsDirectory.require(dir)).hasMessageContaining("privateKey.encoding: PKCS8");
  }

  @Test
  void loadWhenCertificateIsGarbageThenFailsNamingTheDirectory() throws Exception {
    Path dir = DevelopmentCa.create("ca", Duration.ofHours(1)).issue("gateway", Duration.ofHours(1)).writeTo(root);
    Files.writeString(dir.resolve("tls.crt"), "not a certificate");
    assertThatThrownBy(() -> MutualTls.load(TlsDirectory.require(dir), Duration.ofMinutes(1)))
        .hasMessageContaining("cannot load the TLS material in " + dir);
  }
}
