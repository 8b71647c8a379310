package org.idnet.keycloak.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The test's code generator against RFC 6238's own vectors (SHA-256) and RFC 4648's Base32. */
class TotpTest {

  private static final byte[] RFC_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);

  @Test
  void matchesTheRfc6238Sha256Vectors() {
    Totp eight = new Totp(RFC_SEED, 8, 30);
    assertThat(eight.at(Instant.ofEpochSecond(59))).isEqualTo("46119246");
    assertThat(eight.at(Instant.ofEpochSecond(1111111109))).isEqualTo("68084774");
    assertThat(eight.at(Instant.ofEpochSecond(2000000000))).isEqualTo("90698825");
    assertThat(new Totp(RFC_SEED, 6, 30).at(Instant.ofEpochSecond(59))).isEqualTo("119246");
  }

  @Test
  void decodesBase32() {
    assertThat(new String(Totp.base32("MZXW6YTBOI======"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
    assertThat(Totp.base32("7D6T3XABQATAGC2OSCYOANNZ6YFSFMEZ")).hasSize(20);
  }
}
