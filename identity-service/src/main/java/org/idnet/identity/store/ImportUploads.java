package org.idnet.identity.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.idnet.identity.domain.ImportLine;

/**
 * The plaintext of an import batch's upload (then encrypted whole, one AEAD ciphertext per batch)
 * and the input of its keyed content hash. Binary and versioned: the strings are whatever the
 * platform sent (not validated before processing), so a text form would need escaping.
 * Version 1: version byte, line count, then per line its number, account id and phone number
 * (modified UTF-8, at most 256 characters each), whether verified_at is known, its seconds and nanos.
 */
final class ImportUploads {

  /** The blind-index purpose of a batch's content hash: never equal to another kind's index. */
  static final String HASH_PURPOSE = "import-batch";
  private static final int VERSION = 1;

  private ImportUploads() {
  }

  static byte[] serialize(List<ImportLine> lines) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * lines.size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(lines.size());
      for (ImportLine line : lines) {
        out.writeInt(line.line());
        out.writeUTF(line.accountId());
        out.writeUTF(line.phoneNumber());
        out.writeBoolean(line.verifiedAt().isPresent());
        Instant at = line.verifiedAt().orElse(Instant.EPOCH);
        out.writeLong(at.getEpochSecond());
        out.writeInt(at.getNano());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A decrypted upload that is not one this code wrote (another version, cut short, malformed). */
  static final class UnreadableUploadException extends RuntimeException {

    UnreadableUploadException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** @throws UnreadableUploadException when {@code plaintext} is not an upload this code wrote */
  static List<ImportLine> parse(byte[] plaintext) {
    try {
      return read(plaintext);
    } catch (IOException | RuntimeException e) {
      throw new UnreadableUploadException("the upload is not one this code wrote", e);
    }
  }

  private static List<ImportLine> read(byte[] plaintext) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plaintext))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IOException("unknown import upload version " + version);
      }
      int count = in.readInt();
      List<ImportLine> lines = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int line = in.readInt();
        String accountId = in.readUTF();
        String phoneNumber = in.readUTF();
        boolean known = in.readBoolean();
        Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
        lines.add(new ImportLine(line, accountId, phoneNumber, known ? Optional.of(at) : Optional.empty()));
      }
      return lines;
    }
  }

  /** The keyed hash's input: the blind index takes text. */
  static String hashInput(byte[] serialized) {
    return Base64.getEncoder().encodeToString(serialized);
  }
}
