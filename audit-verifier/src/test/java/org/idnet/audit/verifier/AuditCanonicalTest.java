package org.idnet.audit.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The encoding is a published contract: these vectors were computed independently (a few lines
 * of Python with hashlib and struct, as docs/audit-log.md describes) and must never change.
 */
class AuditCanonicalTest {

  static final String REQUEST = "0f8b6e4c-2a1d-4c3e-9b7a-5d6e7f8a9b0c";
  static final Instant AT1 = Instant.parse("2026-03-04T05:06:07.123456Z");
  static final Instant AT2 = Instant.parse("2026-03-04T05:07:00Z");
  static final String HASH1 = "438ff4fe94e678b9366cf56622f08fe93decd99b8b018c8b5d680e1497135d76";
  static final String HASH2 = "aff67dde72c37e4081d28a818b69e72a71091bf98377d1efc4313a5bd405ca7d";

  @Test
  void entryBytesWhenEncodedThenMatchTheDocumentedVector() {
    byte[] bytes = AuditCanonical.entryBytes(1, AT1, "REQUEST_CREATED", "officer-1", "agency-1", REQUEST);

    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("69646e65742d61756469742d7631"
        + "0000000000000001" + "00064c2bc70d9000"
        + "0000000f" + "524551554553545f43524541544544"
        + "00000009" + "6f6666696365722d31"
        + "00000008" + "6167656e63792d31"
        + "00000024" + "30663862366534632d326131642d346333652d396237612d356436653766386139623063");
  }

  @Test
  void chainWhenTwoEntriesThenHashesMatchTheDocumentedVector() {
    Hash first = AuditCanonical.chain(Hash.ZERO,
        AuditCanonical.entryBytes(1, AT1, "REQUEST_CREATED", "officer-1", "agency-1", REQUEST));
    Hash second = AuditCanonical.chain(first,
        AuditCanonical.entryBytes(2, AT2, "REQUEST_APPROVED", "supervisor-1", "agency-1", REQUEST));

    assertThat(first.hex()).isEqualTo(HASH1);
    assertThat(second.hex()).isEqualTo(HASH2);
  }

  @Test
  void checkpointBytesWhenEncodedThenMatchTheDocumentedVector() {
    byte[] bytes = AuditCanonical.checkpointBytes(2, Hash.ofHex(HASH2), AT2.plusSeconds(1));

    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("69646e65742d61756469742d636865636b706f696e742d7631"
        + "0000000000000002" + HASH2 + "00064c2bca43a740");
  }

  @Test
  void entryBytesWhenFieldBoundariesMoveThenBytesDiffer() {
    byte[] ab = AuditCanonical.entryBytes(1, AT1, "T", "ab", "c", REQUEST);
    byte[] a = AuditCanonical.entryBytes(1, AT1, "T", "a", "bc", REQUEST);

    assertThat(ab).isNotEqualTo(a);
  }

  @Test
  void epochMicrosWhenInstantHasNanosThenTruncatesAsPostgresqlStores() {
    assertThat(AuditCanonical.epochMicros(Instant.parse("2026-03-04T05:06:07.123456789Z")))
        .isEqualTo(AuditCanonical.epochMicros(AT1)).isEqualTo(1772600767123456L);
    assertThat(AuditCanonical.epochMicros(Instant.parse("1969-12-31T23:59:59.999999Z"))).isEqualTo(-1);
  }

  @Test
  void entryBytesWhenNonAsciiThenLengthCountsUtf8Bytes() {
    byte[] bytes = AuditCanonical.entryBytes(1, AT1, "T", "cán-bộ", "", "");
    // "cán-bộ" is 6 characters but 9 bytes of UTF-8.
    assertThat(HexFormat.of().formatHex(bytes)).contains("00000009" + HexFormat.of().formatHex("cán-bộ".getBytes(
        java.nio.charset.StandardCharsets.UTF_8)));
  }
}
