package org.idnet.disclosure.audit.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.util.JsonFormat;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.idnet.audit.verifier.AuditCanonical;
import org.idnet.audit.verifier.AuditEntry;
import org.idnet.audit.verifier.AuditJson;
import org.idnet.audit.verifier.Hash;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fuzzes the audit log's encodings with any entry the log can hold (seq from 1, a time within the
 * API's range at microsecond precision, any text in the four fields): the canonical bytes
 * (docs/audit-log.md) read back as exactly that entry, read by this test's own reader of the
 * documented layout, so two entries never hash alike; and the entry exported as the API prints it
 * (proto3 JSON, 64-bit integers as strings, or as numbers as the gateway prints them) reads back in
 * the offline verifier as the same entry with the same hash.
 *
 * <p>The input: seq (8 bytes), epoch microseconds (8 bytes), the predecessor's hash (32 bytes), then
 * type, actor, agency id and request id as NUL-separated UTF-8.
 */
class AuditExportFuzzTest {

  private static final long MIN_MICROS = -62_135_596_800_000_000L; // 0001-01-01T00:00:00Z
  private static final long MAX_MICROS = 253_402_300_799_999_999L; // 9999-12-31T23:59:59.999999Z
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir
  static Path directory;

  @FuzzTest
  void entryReadsBackFromItsCanonicalBytesAndItsExport(byte[] input) throws Exception {
    ByteBuffer head = ByteBuffer.wrap(Arrays.copyOf(input, Math.max(input.length, 48)));
    long seq = Math.max(1, head.getLong() & Long.MAX_VALUE);
    long micros = MIN_MICROS + Math.floorMod(head.getLong(), MAX_MICROS - MIN_MICROS + 1);
    byte[] prev = new byte[32];
    head.get(prev);
    List<String> text = texts(Arrays.copyOfRange(input, Math.min(48, input.length), input.length));
    Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);

    byte[] canonical = AuditCanonical.entryBytes(seq, at, text.get(0), text.get(1), text.get(2), text.get(3));
    assertThat(read(canonical)).isEqualTo(List.of(seq, micros, text.get(0), text.get(1), text.get(2), text.get(3)));

    Hash prevHash = new Hash(prev);
    AuditEntry entry = new AuditEntry(seq, at, text.get(0), text.get(1), text.get(2), text.get(3), prevHash,
        AuditCanonical.chain(prevHash, canonical));
    String printed = JsonFormat.printer().print(AuditProtoMapping.entry(entry));
    ObjectNode asNumbers = (ObjectNode) JSON.readTree(printed);
    asNumbers.put("seq", seq);
    for (String export : List.of(printed, JSON.writeValueAsString(asNumbers))) {
      Path file = Files.writeString(directory.resolve("entry.json"), export);
      List<AuditEntry> back = new ArrayList<>();
      AuditJson.readEntries(file, back::add);
      assertThat(back).containsExactly(entry);
      assertThat(AuditCanonical.chain(prevHash, back.get(0))).isEqualTo(entry.hash());
    }
  }

  /** The documented layout, read independently of AuditCanonical: every byte accounted for. */
  private static List<Object> read(byte[] canonical) throws CharacterCodingException {
    ByteBuffer in = ByteBuffer.wrap(canonical);
    byte[] version = new byte[14];
    in.get(version);
    assertThat(new String(version, StandardCharsets.US_ASCII)).isEqualTo("idnet-audit-v1");
    List<Object> fields = new ArrayList<>(List.of(in.getLong(), in.getLong()));
    var utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    for (int i = 0; i < 4; i++) {
      int length = in.getInt();
      ByteBuffer field = in.slice(in.position(), length);
      in.position(in.position() + length);
      fields.add(utf8.decode(field).toString());
    }
    assertThat(in.hasRemaining()).as("bytes after the last field").isFalse();
    return fields;
  }

  private static List<String> texts(byte[] rest) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= rest.length && out.size() < 4; i++) {
      if (i == rest.length || rest[i] == 0) {
        out.add(new String(rest, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    while (out.size() < 4) {
      out.add("");
    }
    return out;
  }
}
