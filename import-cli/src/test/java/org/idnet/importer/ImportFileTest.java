package org.idnet.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.idnet.client.IdnetClient;
import org.idnet.client.imports.ImportLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportFileTest {

  @TempDir
  Path dir;

  static String line(String account, String phone, String verifiedAt) {
    return "{\"accountId\":\"" + account + "\",\"phoneNumber\":\"" + phone + "\",\"verifiedAt\":\"" + verifiedAt + "\"}";
  }

  @Test
  void aLineIsSentWithItsNumberInTheFileAndItsInstant() {
    Object parsed = ImportFile.parse(7, line("alice", "+84912345678", "2026-05-01T17:00:00+07:00"));

    assertThat(parsed).isEqualTo(new ImportLine(7, "alice", "+84912345678", Instant.parse("2026-05-01T10:00:00Z")));
  }

  @Test
  void contentIsIdnetsToJudgeOnlyTheShapeIsCheckedHere() {
    // A bad account id or number, or a verification from the future, is sent: idnet refuses it with its reason.
    assertThat(ImportFile.parse(1, line("not an id", "12", "2999-01-01T00:00:00Z"))).isInstanceOf(ImportLine.class);
  }

  @Test
  void blankLinesAreSkippedAndEveryOtherShapeProblemHasItsReason() {
    assertThat(ImportFile.parse(1, "")).isNull();
    assertThat(ImportFile.parse(2, "   \t")).isNull();
    assertThat(ImportFile.parse(3, "not json at all")).isEqualTo(new LineProblem(3, "not-a-json-object"));
    assertThat(ImportFile.parse(4, "[1,2]")).isEqualTo(new LineProblem(4, "not-a-json-object"));
    assertThat(ImportFile.parse(5, "\"text\"")).isEqualTo(new LineProblem(5, "not-a-json-object"));
    assertThat(ImportFile.parse(6, line("a", "b", "2026-05-01T10:00:00Z") + " {}"))
        .isEqualTo(new LineProblem(6, "not-a-json-object"));
    assertThat(ImportFile.parse(7, "{\"accountId\":\"a\",\"accountId\":\"b\",\"phoneNumber\":\"x\",\"verifiedAt\":\"y\"}"))
        .isEqualTo(new LineProblem(7, "not-a-json-object"));
    assertThat(ImportFile.parse(8, "{\"phoneNumber\":\"+84912345678\",\"verifiedAt\":\"2026-05-01T10:00:00Z\"}"))
        .isEqualTo(new LineProblem(8, "account-id-missing"));
    assertThat(ImportFile.parse(9, "{\"accountId\":12,\"phoneNumber\":\"+84912345678\",\"verifiedAt\":\"2026-05-01T10:00:00Z\"}"))
        .isEqualTo(new LineProblem(9, "account-id-missing"));
    assertThat(ImportFile.parse(10, "{\"accountId\":\"a\",\"verifiedAt\":\"2026-05-01T10:00:00Z\"}"))
        .isEqualTo(new LineProblem(10, "phone-number-missing"));
    assertThat(ImportFile.parse(11, "{\"accountId\":\"a\",\"phoneNumber\":\"+84912345678\"}"))
        .isEqualTo(new LineProblem(11, "verified-at-missing"));
    assertThat(ImportFile.parse(12, line("a", "+84912345678", "2026-05-01")))
        .isEqualTo(new LineProblem(12, "verified-at-unreadable"));
    assertThat(ImportFile.parse(13, line("a", "+84912345678", "2026-05-01T10:00:00")))
        .isEqualTo(new LineProblem(13, "verified-at-unreadable"));
    assertThat(ImportFile.parse(14, line("a".repeat(257), "+84912345678", "2026-05-01T10:00:00Z")))
        .isEqualTo(new LineProblem(14, "field-too-long"));
    assertThat(ImportFile.parse(15, line("a".repeat(256), "+84912345678", "2026-05-01T10:00:00Z")))
        .isInstanceOf(ImportLine.class);
  }

  @Test
  void aProblemNeverCarriesTheLinesContent() {
    String secretish = "{\"accountId\":\"alice\",\"phoneNumber\":\"+84912345678\",";
    LineProblem problem = (LineProblem) ImportFile.parse(1, secretish);

    assertThat(problem.toString()).doesNotContain("alice").doesNotContain("84912345678");
  }

  @Test
  void batchesAreRunsOfSendableLinesKeepingTheFilesLineNumbers() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      lines.add(switch (i) {
        case 3 -> "";
        case 5 -> "garbage";
        default -> line("acc-" + i, "+8491234567" + (i % 10), "2026-05-01T10:00:00Z");
      });
    }
    Path file = Files.write(dir.resolve("in.ndjson"), lines, StandardCharsets.UTF_8);
    ImportFile importFile = new ImportFile(file, 4);

    ImportFile.Scan scan = importFile.scan();
    List<Batch> batches = new ArrayList<>();
    importFile.batches().forEachRemaining(batches::add);

    assertThat(scan.lines()).isEqualTo(12);
    assertThat(scan.blank()).isEqualTo(1);
    assertThat(scan.sendable()).isEqualTo(10);
    try (Stream<LineProblem> problems = scan.problems()) {
      assertThat(problems).containsExactly(new LineProblem(5, "not-a-json-object"));
    }
    assertThat(scan.batches()).isEqualTo(3);
    assertThat(scan.linesInFirst(0)).isZero();
    assertThat(scan.linesInFirst(2)).isEqualTo(8);
    assertThat(scan.linesInFirst(3)).isEqualTo(10);
    assertThat(batches).extracting(Batch::number).containsExactly(1, 2, 3);
    assertThat(batches.get(0).lines()).extracting(ImportLine::line).containsExactly(1, 2, 4, 6);
    assertThat(batches.get(1).lines()).extracting(ImportLine::line).containsExactly(7, 8, 9, 10);
    assertThat(batches.get(2).lines()).extracting(ImportLine::line).containsExactly(11, 12);
    assertThat(batches.get(0).lines().get(2).accountId()).isEqualTo("acc-4");

    // Deterministic: a second reading makes the same batches (what a resumed upload relies on).
    List<Batch> again = new ArrayList<>();
    importFile.batches().forEachRemaining(again::add);
    assertThat(again).isEqualTo(batches);
  }

  @Test
  void windowsLineEndsAByteOrderMarkAndALastLineWithoutNewlineAreRead() throws IOException {
    String text = "\uFEFF" + line("a", "+84912345678", "2026-05-01T10:00:00Z") + "\r\n\r\n"
        + line("b", "+84912345679", "2026-05-01T10:00:00Z");
    Path file = Files.writeString(dir.resolve("crlf.ndjson"), text, StandardCharsets.UTF_8);
    ImportFile importFile = new ImportFile(file, 1000);

    ImportFile.Scan scan = importFile.scan();
    Batch batch = importFile.batches().next();

    assertThat(scan.lines()).isEqualTo(3);
    assertThat(scan.notSent()).isZero();
    assertThat(scan.problemsFile()).isNull();
    assertThat(batch.lines()).extracting(ImportLine::line).containsExactly(1, 3);
  }

  @Test
  void anEmptyFileMakesNoBatch() throws IOException {
    Path file = Files.writeString(dir.resolve("empty.ndjson"), "\n\n");
    ImportFile importFile = new ImportFile(file, 1000);

    assertThat(importFile.scan().batches()).isZero();
    assertThat(importFile.batches().hasNext()).isFalse();
  }

  @Test
  void theBatchSizeIsOneToAThousand() {
    assertThatThrownBy(() -> new ImportFile(dir, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ImportFile(dir, 1001)).isInstanceOf(IllegalArgumentException.class);
  }

  // --- Lines that would make idnet refuse the whole batch are kept back, with their reason ---

  @Test
  void aVerifiedAtOutsideTheYearsProtobufReadsIsUnreadableNotSent() {
    // OffsetDateTime reads all of these; the gateway's Timestamp (0001-01-01 to 9999-12-31, UTC) does not.
    for (String outside : List.of("+10000-01-01T00:00:00Z", "0000-06-01T00:00:00Z", "-0001-01-01T00:00:00Z",
        "0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00", "+999999999-12-31T23:59:59Z")) {
      assertThat(ImportFile.parse(1, line("a", "+84912345678", outside))).as(outside)
          .isEqualTo(new LineProblem(1, "verified-at-unreadable"));
    }
    ImportLine first = (ImportLine) ImportFile.parse(2, line("a", "+84912345678", "0001-01-01T00:00:00Z"));
    ImportLine last = (ImportLine) ImportFile.parse(3, line("a", "+84912345678", "9999-12-31T23:59:59.999999999Z"));
    ImportLine shifted = (ImportLine) ImportFile.parse(4, line("a", "+84912345678", "0001-01-01T00:30:00-01:00"));

    // As the client writes them: four-digit years, which is what protobuf's Timestamp parser reads.
    assertThat(first.verifiedAt()).hasToString("0001-01-01T00:00:00Z");
    assertThat(last.verifiedAt()).hasToString("9999-12-31T23:59:59.999999999Z");
    assertThat(shifted.verifiedAt()).hasToString("0001-01-01T01:30:00Z");
  }

  /** A line whose accountId is {@code account} and whose number is 256 three-byte characters. */
  static String wide(String account) {
    return line(account, "\u1EC7".repeat(256), "2026-05-01T10:00:00Z");
  }

  @Test
  void aLineOverOneKibibyteAsSentIsTooLongEvenWithEveryFieldWithin256Characters() {
    // 178 + 256 x 3 bytes of UTF-8 + the names, the line number and the instant: exactly 1024 bytes.
    ImportLine fits = (ImportLine) ImportFile.parse(7, wide("a".repeat(178)));
    assertThat(ImportFile.encodedBytes(fits)).isEqualTo(ImportFile.MAX_LINE_BYTES);
    assertThat(ImportFile.parse(7, wide("a".repeat(179)))).isEqualTo(new LineProblem(7, "line-too-long"));
    // Both fields of three-byte characters: 256 characters each, 1,614 bytes.
    assertThat(ImportFile.parse(8, line("\u1EC7".repeat(256), "\u1EC7".repeat(256), "2026-05-01T10:00:00Z")))
        .isEqualTo(new LineProblem(8, "line-too-long"));
    // Control characters the client escapes as backslash-u-00XX: six bytes each.
    String controls = "\\u0001".repeat(200);
    assertThat(ImportFile.parse(9, line(controls, "+84912345678", "2026-05-01T10:00:00Z")))
        .isEqualTo(new LineProblem(9, "line-too-long"));
    ImportLine fewControls = (ImportLine) ImportFile.parse(10, line("\\u0001".repeat(150), "+84912345678",
        "2026-05-01T10:00:00Z"));
    assertThat(ImportFile.encodedBytes(fewControls)).isEqualTo(150 * 6 + 12 + 79);
    // An ordinary line is far from it.
    ImportLine ordinary = (ImportLine) ImportFile.parse(1_000_000_000,
        line("a".repeat(128), "+84912345678", "2026-05-01T10:00:00.123456789Z"));
    assertThat(ImportFile.encodedBytes(ordinary)).isLessThan(300);
  }

  @Test
  void aThousandLinesAtTheLimitMakeABodyUnderTheGatewaysMebibyteAsTheClientSendsIt() throws Exception {
    // The client's real request, caught on a real socket: batch 100000 (the longest number) of 1000
    // lines of exactly 1024 bytes each as the uploader measures them.
    List<ImportLine> lines = new ArrayList<>();
    for (int n = 999_999_001; n <= 1_000_000_000; n++) {
      String account = "a".repeat(178 - (String.valueOf(n).length() - 1));
      ImportLine line = new ImportLine(n, account, "\u1EC7".repeat(256), Instant.parse("2026-05-01T10:00:00Z"));
      assertThat(ImportFile.encodedBytes(line)).isEqualTo(ImportFile.MAX_LINE_BYTES);
      lines.add(line);
    }
    List<byte[]> bodies = new ArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/token", exchange -> {
      exchange.getRequestBody().readAllBytes();
      answer(exchange, "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":300}");
    });
    server.createContext("/v1/imports/", exchange -> {
      bodies.add(exchange.getRequestBody().readAllBytes());
      answer(exchange, "{\"batchNumber\":100000,\"lineCount\":1000,\"firstLine\":999999001,\"lastLine\":1000000000,"
          + "\"receivedAt\":\"2026-05-01T10:00:00Z\"}");
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      IdnetClient client = IdnetClient.builder().baseUrl(url).tokenUrl(url + "/token").clientId("c")
          .clientSecret("s").build();
      client.addImportBatch("imp_AAAAAAAAAAAAAAAAAAAAAA", 100_000, lines);
    } finally {
      server.stop(0);
    }

    assertThat(bodies).hasSize(1);
    byte[] body = bodies.get(0);
    // 1000 lines, 999 commas and {"batchNumber":100000,"lines":[...]}: 33 bytes of envelope.
    assertThat(body.length).isEqualTo(1000 * 1024 + 999 + 33).isEqualTo(1_025_032)
        .isLessThanOrEqualTo(1 << 20);
    assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("{\"batchNumber\":100000,\"lines\":[{\"line\":");
  }

  private static void answer(HttpExchange exchange, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  // --- A bad file costs disk, not memory ---

  @Test
  void aLineOverSixtyFourKibiCharactersIsTooLongAndTheLinesAfterItKeepTheirNumbers() throws IOException {
    Path file = dir.resolve("long.ndjson");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(line("a", "+84912345671", "2026-05-01T10:00:00Z") + "\n");
      // A JSON object idnet would take, were it not padded with 70,000 spaces.
      out.write(line("b", "+84912345672", "2026-05-01T10:00:00Z") + " ".repeat(70_000) + "\r\n");
      out.write(" ".repeat(ImportFile.MAX_TEXT) + "\r");
      out.write(line("c", "+84912345673", "2026-05-01T10:00:00Z"));
    }
    ImportFile importFile = new ImportFile(file, 1000);

    ImportFile.Scan scan = importFile.scan();
    List<Batch> batches = new ArrayList<>();
    importFile.batches().forEachRemaining(batches::add);

    assertThat(scan.lines()).isEqualTo(4);
    assertThat(scan.blank()).isEqualTo(1);
    assertThat(scan.notSentByReason()).containsExactly(Map.entry("line-too-long", 1L));
    try (Stream<LineProblem> problems = scan.problems()) {
      assertThat(problems).containsExactly(new LineProblem(2, "line-too-long"));
    }
    assertThat(batches).hasSize(1);
    assertThat(batches.get(0).lines()).extracting(ImportLine::line).containsExactly(1, 4);
    assertThat(ImportFile.parse(5, "x".repeat(ImportFile.MAX_TEXT + 1))).isEqualTo(new LineProblem(5, "line-too-long"));
  }

  @Test
  void aLineLongerThanJavaCanHoldIsReadPastNotHeld() throws IOException {
    // 1.2 billion characters outside Latin-1: 2.4 GB as a String, beyond Java's largest array, so a
    // reader that held the line whole could not read it at any heap size.
    long length = 1_200_000_000L;
    Reader huge = new Reader() {
      long given;

      @Override
      public int read(char[] buffer, int offset, int count) {
        if (given == length + 2) {
          return -1;
        }
        int n = (int) Math.min(count, length + 2 - given);
        Arrays.fill(buffer, offset, offset + n, '\u1EC7');
        if (given + n > length) {
          for (long at = Math.max(given, length); at < given + n; at++) {
            buffer[offset + (int) (at - given)] = at == length ? '\n' : 'x';
          }
        }
        given += n;
        return n;
      }

      @Override
      public void close() {
      }
    };
    try (LineReader reader = new LineReader(huge, ImportFile.MAX_TEXT)) {
      assertThat(reader.next()).isTrue();
      assertThat(reader.tooLong()).isTrue();
      assertThat(reader.text()).isEmpty();
      assertThat(reader.next()).isTrue();
      assertThat(reader.tooLong()).isFalse();
      assertThat(reader.text()).isEqualTo("x");
      assertThat(reader.next()).isFalse();
    }
  }

  @Test
  void linesAreSplitAsBufferedReaderSplitsThemAcrossBufferEnds() throws IOException {
    Random random = new Random(42);
    String[] ends = {"\n", "\r", "\r\n", "\n\n", "\r\r\n"};
    StringBuilder text = new StringBuilder();
    while (text.length() < 400_000) {
      text.append("y".repeat(random.nextInt(3) == 0 ? random.nextInt(70_000) : random.nextInt(40)));
      text.append(ends[random.nextInt(ends.length)]);
    }
    text.append(random.nextBoolean() ? "tail" : "");
    List<String> expected = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new StringReader(text.toString()))) {
      reader.lines().forEach(expected::add);
    }

    List<String> read = new ArrayList<>();
    try (LineReader reader = new LineReader(new StringReader(text.toString()), Integer.MAX_VALUE - 16)) {
      while (reader.next()) {
        read.add(reader.text());
      }
    }

    assertThat(read).hasSize(expected.size()).isEqualTo(expected);
  }

  @Test
  void theLinesNotSentAreCountedByReasonAndListedOnDiskUntilTheScanIsClosed() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 30_000; i++) {
      lines.add(switch (i % 3) {
        case 0 -> "garbage";
        case 1 -> line("a" + i, "+84912345678", "+10000-01-01T00:00:00Z");
        default -> line("a" + i, "+84912345678", "2026-05-01T10:00:00Z");
      });
    }
    Path file = Files.write(dir.resolve("bad.ndjson"), lines, StandardCharsets.UTF_8);

    ImportFile.Scan scan = new ImportFile(file, 1000).scan();

    assertThat(scan.sendable()).isEqualTo(10_000);
    assertThat(scan.notSent()).isEqualTo(20_000);
    assertThat(scan.notSentByReason()).containsExactly(Map.entry("not-a-json-object", 10_000L),
        Map.entry("verified-at-unreadable", 10_000L));
    Path spilled = scan.problemsFile();
    assertThat(spilled).isNotNull().exists();
    assertThat(Files.readAllLines(spilled)).hasSize(20_000).startsWith("1,verified-at-unreadable",
        "3,not-a-json-object", "4,verified-at-unreadable");
    try (Stream<LineProblem> problems = scan.problems()) {
      List<LineProblem> all = problems.toList();
      assertThat(all).hasSize(20_000).extracting(LineProblem::line).isSorted();
      assertThat(all.get(19_999)).isEqualTo(new LineProblem(30_000, "not-a-json-object"));
    }

    scan.close();
    assertThat(spilled).doesNotExist();
  }
}
