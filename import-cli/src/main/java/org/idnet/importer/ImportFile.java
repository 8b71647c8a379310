package org.idnet.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
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
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.idnet.client.imports.ImportLine;

/**
 * The NDJSON file an import is made of, one object a line:
 * {@code {"accountId": "...", "phoneNumber": "+84...", "verifiedAt": "2026-05-01T10:00:00Z"}}.
 *
 * <p>A line's number is its number in the file (blank lines are skipped but counted), and idnet
 * reports refusals by it. The uploader checks only the shape: a line that is not a JSON object, lacks
 * one of the three fields as a string, has a {@code verifiedAt} that is not an ISO-8601 instant
 * with an offset in the years 0001-9999, has a field longer than idnet takes in a batch (256
 * characters), or would take more than {@value #MAX_LINE_BYTES} bytes of the batch's body (or is
 * over {@value #MAX_TEXT} characters in the file) is not sent but reported here as a
 * {@link LineProblem}: each of these, sent, would make idnet refuse the whole batch, and a resumed
 * upload could never get past it. Everything else about
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

  /**
   * The most bytes one line may take in a batch's body (its JSON object as the client sends it).
   * 1000 such lines, their 999 commas and the envelope {@code {"batchNumber":100000,"lines":[...]}}
   * (33 bytes) make at most 1,025,032 bytes, under the 1 MiB (1,048,576) idnet takes in one request:
   * beyond, the whole batch is refused (413) and no resume gets past it.
   */
  public static final int MAX_LINE_BYTES = 1024;
  /** The longest line of the file that is read at all (characters); longer ones are not held. */
  public static final int MAX_TEXT = 65_536;
  /** The earliest and latest verifiedAt idnet can read (protobuf Timestamp: years 0001-9999, UTC). */
  static final Instant FIRST_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");
  /** A line's JSON without its two fields' text, at most: {"line":1000000000,"accountId":"","phoneNumber":"","verifiedAt":"9999-12-31T23:59:59.999999999Z"}. */
  static final int MAX_OVERHEAD = 97;

  /** Writes as the client writes a request body (its own ObjectMapper, default settings). */
  private static final ObjectMapper CLIENT_JSON = new ObjectMapper();

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /**
   * What a first reading of the file found. The lines not sent are counted by reason in memory and
   * listed (line number and reason) in a temporary file, deleted by {@link #close()} or at the
   * latest when the JVM exits: a file of millions of bad lines costs disk, not heap.
   *
   * @param lines the file's lines, blank ones included
   * @param sendable the lines to be sent
   * @param notSentByReason how many lines are not sent, by reason word (sorted)
   * @param problemsFile the lines not sent, {@code line,reason} in file order; null when there are none
   */
  public record Scan(int lines, int blank, int sendable, Map<String, Long> notSentByReason, Path problemsFile,
      int batchSize) implements AutoCloseable {

    public Scan {
      notSentByReason = Collections.unmodifiableMap(new TreeMap<>(notSentByReason));
    }

    /** How many lines are not sent. */
    public long notSent() {
      return notSentByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The lines not sent, in file order, read from {@link #problemsFile} as they are needed; close the stream. */
    public Stream<LineProblem> problems() {
      if (problemsFile == null) {
        return Stream.empty();
      }
      try {
        return Files.lines(problemsFile, StandardCharsets.UTF_8).map(text -> {
          int comma = text.indexOf(',');
          return new LineProblem(Integer.parseInt(text.substring(0, comma)), text.substring(comma + 1));
        });
      } catch (IOException e) {
        throw new UncheckedIOException("could not read " + problemsFile + ": " + e.getMessage(), e);
      }
    }

    /** How many batches the sendable lines make. */
    public int batches() {
      return (sendable + batchSize - 1) / batchSize;
    }

    /** How many lines batches 1..n hold together. */
    public long linesInFirst(int n) {
      return Math.min((long) n * batchSize, sendable);
    }

    /** Deletes the list of lines not sent. */
    @Override
    public void close() {
      if (problemsFile != null) {
        try {
          Files.deleteIfExists(problemsFile);
        } catch (IOException e) {
          // deleteOnExit was asked when it was made
        }
      }
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
    Map<String, Long> notSent = new TreeMap<>();
    Path problemsFile = null;
    BufferedWriter problems = null;
    try (LineReader reader = open()) {
      while (reader.next()) {
        lines++;
        if (lines > MAX_LINE) {
          throw new IllegalArgumentException("the file has more than " + MAX_LINE + " lines, more than one import takes");
        }
        Object parsed = parse(lines, reader);
        if (parsed == null) {
          blank++;
        } else if (parsed instanceof LineProblem problem) {
          notSent.merge(problem.reason(), 1L, Long::sum);
          if (problems == null) {
            problemsFile = Files.createTempFile("idnet-import-not-sent-", ".csv");
            problemsFile.toFile().deleteOnExit();
            problems = Files.newBufferedWriter(problemsFile, StandardCharsets.UTF_8);
          }
          problems.write(problem.line() + "," + problem.reason() + "\n");
        } else {
          sendable++;
        }
      }
      if (problems != null) {
        problems.close();
      }
    } catch (IOException e) {
      delete(problemsFile);
      throw new UncheckedIOException("could not read " + path + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      delete(problemsFile);
      throw e;
    } finally {
      if (problems != null) {
        try {
          problems.close();
        } catch (IOException e) {
          // already reported, or closed above
        }
      }
    }
    Scan scan = new Scan(lines, blank, sendable, notSent, problemsFile, batchSize);
    if (scan.batches() > MAX_BATCHES) {
      scan.close();
      throw new IllegalArgumentException("the file makes " + scan.batches() + " batches of " + batchSize
          + " lines; an import takes at most " + MAX_BATCHES);
    }
    return scan;
  }

  private static void delete(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // deleteOnExit was asked when it was made
      }
    }
  }

  /** The batches, in order, read as they are needed (the file is not held in memory). */
  public Iterator<Batch> batches() {
    LineReader reader;
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
            if (!reader.next()) {
              ended = true;
              reader.close();
              break;
            }
            line++;
            if (parse(line, reader) instanceof ImportLine importLine) {
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

  /**
   * Malformed UTF-8 is replaced (the line then fails its checks), not a failure of the whole file.
   * No line longer than {@link #MAX_TEXT} characters is held.
   */
  private LineReader open() throws IOException {
    return new LineReader(new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8), MAX_TEXT);
  }

  private static Object parse(int number, LineReader reader) {
    return reader.tooLong() ? new LineProblem(number, "line-too-long") : parse(number, reader.text());
  }

  /**
   * One line: null when blank, a {@link LineProblem} when it is not sent, else the {@link ImportLine}.
   * Nothing of the line's content goes into a problem (Jackson's messages quote it, so they are dropped).
   */
  static Object parse(int number, String text) {
    if (text.length() > MAX_TEXT) {
      return new LineProblem(number, "line-too-long");
    }
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
    if (instant.isBefore(FIRST_INSTANT) || instant.isAfter(LAST_INSTANT)) {
      // OffsetDateTime reads +10000-01-01T00:00:00Z or 0000-12-31T23:00:00Z; protobuf's Timestamp
      // (the gateway's JSON mapping) takes years 0001-9999 in UTC only, and refuses the whole batch.
      return new LineProblem(number, "verified-at-unreadable");
    }
    ImportLine line = new ImportLine(number, accountId, phoneNumber, instant);
    if (mayBeTooLong(line) && encodedBytes(line) > MAX_LINE_BYTES) {
      return new LineProblem(number, "line-too-long");
    }
    return line;
  }

  /**
   * How many bytes the line takes in a batch's body: the JSON object the client writes for it
   * ({@code IdnetClient.addImportBatch}: line, accountId, phoneNumber, verifiedAt as an ISO instant;
   * Jackson's escapes, sent as UTF-8). Short fields cannot reach the limit (at most 6 bytes a
   * character, a control character's six-character escape, plus at most {@value #MAX_OVERHEAD} of names, number and instant), so
   * only longer ones need to be written out to be measured ({@link #mayBeTooLong}).
   */
  static int encodedBytes(ImportLine line) {
    ObjectNode node = CLIENT_JSON.createObjectNode();
    node.put("line", line.line());
    node.put("accountId", line.accountId());
    node.put("phoneNumber", line.phoneNumber());
    node.put("verifiedAt", line.verifiedAt().toString());
    try {
      return CLIENT_JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8).length;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean mayBeTooLong(ImportLine line) {
    return (line.accountId().length() + line.phoneNumber().length()) * 6 + MAX_OVERHEAD > MAX_LINE_BYTES;
  }

  private static String string(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }
}
