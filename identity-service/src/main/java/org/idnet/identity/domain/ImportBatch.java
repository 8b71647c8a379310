package org.idnet.identity.domain;

import java.util.List;
import java.util.Objects;

/**
 * A batch a platform uploads to one of its imports. Only its shape is checked here (batch number,
 * line count, line numbers strictly increasing, field lengths); each line's content is checked when
 * the batch is processed, so a bad line gets its own reason.
 */
public record ImportBatch(String platformId, ImportId importId, int batchNumber, List<ImportLine> lines) {

  public static final int MAX_BATCH_NUMBER = 100_000;
  public static final int MAX_LINES = 1000;

  public ImportBatch {
    Objects.requireNonNull(platformId, "platformId");
    Objects.requireNonNull(importId, "importId");
    if (batchNumber < 1 || batchNumber > MAX_BATCH_NUMBER) {
      throw IdentityException.invalid(FailureReason.INVALID_BATCH_NUMBER, "batchNumber",
          "batchNumber must be 1-" + MAX_BATCH_NUMBER);
    }
    lines = List.copyOf(lines);
    if (lines.isEmpty() || lines.size() > MAX_LINES) {
      throw IdentityException.invalid(FailureReason.INVALID_IMPORT_LINES, "lines",
          "a batch holds 1-" + MAX_LINES + " lines");
    }
    int previous = 0;
    for (int i = 0; i < lines.size(); i++) {
      ImportLine line = lines.get(i);
      if (line.line() <= previous || line.line() > ImportLine.MAX_LINE_NUMBER) {
        throw IdentityException.invalid(FailureReason.INVALID_LINE_NUMBERS, "lines[" + i + "].line",
            "line numbers must be 1-" + ImportLine.MAX_LINE_NUMBER + " and strictly increasing in a batch");
      }
      if (line.accountId().length() > ImportLine.MAX_FIELD_LENGTH
          || line.phoneNumber().length() > ImportLine.MAX_FIELD_LENGTH) {
        throw IdentityException.invalid(FailureReason.INVALID_IMPORT_LINES, "lines[" + i + "]",
            "accountId and phoneNumber hold at most " + ImportLine.MAX_FIELD_LENGTH + " characters");
      }
      previous = line.line();
    }
  }

  public int firstLine() {
    return lines.getFirst().line();
  }

  public int lastLine() {
    return lines.getLast().line();
  }
}
