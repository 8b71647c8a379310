package org.idnet.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    assertThat(scan.problems()).containsExactly(new LineProblem(5, "not-a-json-object"));
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
    assertThat(scan.problems()).isEmpty();
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
}
