package org.idnet.audit.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what an auditor saves from the API, in the JSON the gateway prints (proto3 JSON mapping:
 * lowerCamelCase names, 64-bit integers as strings, RFC 3339 times, base64 bytes; snake_case
 * names are accepted too, as the proto3 parser does):
 * entries as pages of {@code GET /v1/audit/entries} ({@code {"entries":[...]}}, several pages
 * simply concatenated) or one entry object per line (or a JSON array of entries), the checkpoint
 * of {@code GET /v1/audit/checkpoint}, and the keyset of {@code GET /v1/audit/signing-keys} (or
 * the raw Tink keyset JSON). Entries are streamed: an export of any size fits in memory.
 */
public final class AuditJson {

  private static final ObjectReader READER = JsonMapper.builder().build().readerFor(JsonNode.class);

  private AuditJson() {
  }

  /**
   * Offers the file's entries in file order to {@code sink} until it returns false.
   *
   * @return the number of entries offered
   */
  public static long readEntries(Path file, Predicate<AuditEntry> sink) {
    long count = 0;
    long value = 0;
    try (InputStream in = Files.newInputStream(file);
        MappingIterator<JsonNode> values = READER.readValues(in)) {
      while (values.hasNextValue()) {
        value++;
        for (JsonNode entry : entriesOf(values.nextValue(), file + ", JSON value " + value)) {
          count++;
          if (!sink.test(entry(entry, file + ", entry " + count))) {
            return count;
          }
        }
      }
    } catch (IOException e) {
      throw new BadInputException("cannot read " + file + " (" + reason(e) + ")", e);
    } catch (JacksonException e) {
      throw new BadInputException(file + " is not JSON (" + e.getOriginalMessage() + ")", e);
    }
    return count;
  }

  /** A page {"entries":[...]}, a JSON array of entries, or one entry. */
  private static Iterable<JsonNode> entriesOf(JsonNode node, String where) {
    if (node.isArray()) {
      return node;
    }
    if (node.isObject() && node.has("entries")) {
      if (!node.get("entries").isArray()) {
        throw new BadInputException(where + ": \"entries\" is not an array");
      }
      return node.get("entries");
    }
    return List.of(node);
  }

  public static AuditCheckpoint readCheckpoint(Path file) {
    JsonNode node = readTree(file);
    String where = file.toString();
    long size = node.has("size") ? number(node, "size", where) : 0;
    return guarded(where, () -> new AuditCheckpoint(size, Hash.ofHex(text(node, where, "rootHash", "root_hash")),
        time(text(node, where, "issuedAt", "issued_at"), where), base64(text(node, where, "signature"), where),
        text(node, where, "keyId", "key_id")));
  }

  /** The public keyset: the {@code publicKeysetJson} of a signing-keys answer, or the keyset itself. */
  public static CheckpointSignatures readKeyset(Path file) {
    JsonNode node = readTree(file);
    String json = node.has("publicKeysetJson") ? node.get("publicKeysetJson").asString()
        : node.has("public_keyset_json") ? node.get("public_keyset_json").asString() : node.toString();
    try {
      return CheckpointSignatures.fromPublicKeysetJson(json);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(file + ": " + e.getMessage(), e);
    }
  }

  static AuditEntry entry(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new BadInputException(where + ": not a JSON object");
    }
    // Proto3 JSON may leave out empty strings; seq, at and the hashes are never empty.
    return guarded(where, () -> new AuditEntry(number(node, "seq", where), time(text(node, where, "at"), where),
        optional(node, "type"), optional(node, "actor"), optional(node, "agencyId", "agency_id"),
        optional(node, "requestId", "request_id"), Hash.ofHex(text(node, where, "prevHash", "prev_hash")),
        Hash.ofHex(text(node, where, "hash"))));
  }

  private static JsonNode readTree(Path file) {
    try {
      return READER.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new BadInputException("cannot read " + file + " (" + reason(e) + ")", e);
    } catch (JacksonException e) {
      throw new BadInputException(file + " is not JSON (" + e.getOriginalMessage() + ")", e);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static <T> T guarded(String where, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new BadInputException(where + ": " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String where, String... names) {
    for (String name : names) {
      if (node.has(name) && node.get(name).isString()) {
        return node.get(name).asString();
      }
    }
    throw new BadInputException(where + ": \"" + names[0] + "\" is missing or not a string");
  }

  private static String optional(JsonNode node, String... names) {
    for (String name : names) {
      if (node.has(name)) {
        return node.get(name).asString();
      }
    }
    return "";
  }

  private static long number(JsonNode node, String name, String where) {
    JsonNode value = node.get(name);
    try {
      if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
        return value.longValue();
      }
      if (value != null && value.isString()) {
        return Long.parseLong(value.asString());
      }
    } catch (NumberFormatException e) {
      // Reported below, like any other shape.
    }
    throw new BadInputException(where + ": \"" + name + "\" is missing or not an integer");
  }

  private static Instant time(String text, String where) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadInputException(where + ": \"" + text + "\" is not an RFC 3339 time");
    }
  }

  private static byte[] base64(String text, String where) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(text);
      } catch (IllegalArgumentException again) {
        throw new BadInputException(where + ": \"signature\" is not base64");
      }
    }
  }
}
