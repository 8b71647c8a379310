package org.idnet.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.idnet.client.imports.ImportLine;

/**
 * The NDJSON file an import is made of, one object a line:
 * {@code {"accountId": "...", "phoneNumber": "+84...", "verifiedAt": "2026-05-01T10:00:00Z"}}.
 *
 * <p>A line's number is its number in the file (blank lines are skipped but counted), and idnet
 * reports refusals by it. The uploader checks only the shape: a line that is not a JSON object, lacks
 * one of the three fields as a string, has a {@code verifiedAt} that is not an ISO-8601 instant
 * with an offset, or a field longer than idnet takes in a batch (256 characters, which would refuse
 * the whole batch) is not sent but reported here as a {@link LineProblem}. Everything else about
 * the content (account id pattern, E.164 number, verification age, an account already bound) is
 * idnet's to refuse, line by line, with its reason.
 *
 * <p>Batches are deterministic: batch k holds the k-th run of {@code batchSize} sendable lines, so
 * the same file with the same batch size always makes the same batches, which is what lets a resumed
 * upload send a batch again (idnet answers a repeat with the first receipt).
 */
public final class ImportFile {

  /** The longest account id or phone number idnet accepts in a batch (longer: the whole batch is refused). */
  public static final int MAX_FIELD = 256;
  /** idnet's highest batch number. */
  public static final int MAX_BATCHES = 100_000;
  /** idnet's highest line number. */
  public static final int MAX_LINE = 1_000_000_000;

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /**
   * What a first reading of the file found.
   *
   * @param lines the file's lines, blank ones included
   * @param sendable the lines to be sent
   * @param problems the lines not sent, by line number
   */
  public record Scan(int lines, int blank, int sendable, List<LineProblem> problems, int batchSize) {

    public Scan {
      problems = Collections.unmodifiableList(new ArrayList<>(problems));
    }

    /** How many batches the sendable lines make. */
    public int batches() {
      return (sendable + batchSize - 1) / batchSize;
    }

    /** How many lines batches 1..n hold together. */
    public long linesInFirst(int n) {
      return Math.min((long) n * batchSize, sendable);
    }
  }

  private final Path path;
  private final int batchSize;

  public ImportFile(Path path, int batchSize) {
    if (batchSize < 1 || batchSize > 1000) {
      throw new IllegalArgumentException("the batch size is 1-1000");
    }
    this.path = path;
    this.batchSize = batchSize;
  }

  /** Reads the whole file once: counts, and the lines that will not be sent. */
  public Scan scan() {
    int lines = 0;
    int blank = 0;
    int sendable = 0;
    List<LineProblem> problems = new ArrayList<>();
    try (BufferedReader reader = open()) {
      for (String text = reader.readLine(); text != null; text = reader.readLine()) {
        lines++;
        if (lines > MAX_LINE) {
          throw new IllegalArgumentException("the file has more than " + MAX_LINE + " lines, more than one import takes");
        }
        Object parsed = parse(lines, text);
        if (parsed == null) {
          blank++;
        } else if (parsed instanceof LineProblem problem) {
          problems.add(problem);
        } else {
          sendable++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + path + ": " + e.getMessage(), e);
    }
    Scan scan = new Scan(lines, blank, sendable, problems, batchSize);
    if (scan.batches() > MAX_BATCHES) {
      throw new IllegalArgumentException("the file makes " + scan.batches() + " batches of " + batchSize
          + " lines; an import takes at most " + MAX_BATCHES);
    }
    return scan;
  }

  /** The batches, in order, read as they are needed (the file is not held in memory). */
  public Iterator<Batch> batches() {
    BufferedReader reader;
    try {
      reader = open();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + path + ": " + e.getMessage(), e);
    }
    return new Iterator<>() {
      private int number;
      private int line;
      private boolean ended;
      private Batch next = read();

      private Batch read() {
        List<ImportLine> lines = new ArrayList<>(batchSize);
        try {
          while (!ended && lines.size() < batchSize) {
            String text = reader.readLine();
            if (text == null) {
              ended = true;
              reader.close();
              break;
            }
            line++;
            if (parse(line, text) instanceof ImportLine importLine) {
              lines.add(importLine);
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("could not read " + path + ": " + e.getMessage(), e);
        }
        return lines.isEmpty() ? null : new Batch(++number, lines);
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Batch next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Batch batch = next;
        next = read();
        return batch;
      }
    };
  }

  /** Malformed UTF-8 is replaced (the line then fails its checks), not a failure of the whole file. */
  private BufferedReader open() throws IOException {
    return new BufferedReader(new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8), 1 << 16);
  }

  /**
   * One line: null when blank, a {@link LineProblem} when it is not sent, else the {@link ImportLine}.
   * Nothing of the line's content goes into a problem (Jackson's messages quote it, so they are dropped).
   */
  static Object parse(int number, String text) {
    if (number == 1 && text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.isBlank()) {
      return null;
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (IOException e) {
      return new LineProblem(number, "not-a-json-object");
    }
    if (node == null || !node.isObject()) {
      return new LineProblem(number, "not-a-json-object");
    }
    String accountId = string(node, "accountId");
    String phoneNumber = string(node, "phoneNumber");
    String verifiedAt = string(node, "verifiedAt");
    if (accountId == null) {
      return new LineProblem(number, "account-id-missing");
    }
    if (phoneNumber == null) {
      return new LineProblem(number, "phone-number-missing");
    }
    if (verifiedAt == null) {
      return new LineProblem(number, "verified-at-missing");
    }
    if (accountId.length() > MAX_FIELD || phoneNumber.length() > MAX_FIELD) {
      return new LineProblem(number, "field-too-long");
    }
    Instant instant;
    try {
      instant = OffsetDateTime.parse(verifiedAt).toInstant();
    } catch (DateTimeParseException e) {
      return new LineProblem(number, "verified-at-unreadable");
    }
    return new ImportLine(number, accountId, phoneNumber, instant);
  }

  private static String string(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }
}
