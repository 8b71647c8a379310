package org.idnet.audit.verifier;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The canonical bytes of entries and checkpoints: the ONE definition the service appends and
 * signs with and every verifier (this module's command, an auditor's own code) recomputes. A
 * change here breaks every stored chain, so a new encoding gets a new version tag instead.
 * docs/audit-log.md states the same rules for implementers in other languages.
 *
 * <p>Entry, version {@code idnet-audit-v1}: the 14 ASCII bytes {@code idnet-audit-v1}, seq as an
 * 8-byte big-endian integer, {@code at} as epoch microseconds in an 8-byte big-endian two's
 * complement integer, then type, actor, agencyId and requestId, each as a 4-byte big-endian
 * length followed by that many bytes of UTF-8. The entry's hash is SHA-256(prevHash || those
 * bytes).
 *
 * <p>Checkpoint, version {@code idnet-audit-checkpoint-v1}: those 25 ASCII bytes, size (8 bytes
 * BE), the 32 bytes of the root hash, issuedAt as epoch microseconds (8 bytes BE).
 *
 * <p>Why length prefixes: without them ("ab","c") and ("a","bc") would hash alike. Why
 * microseconds: PostgreSQL keeps no more, so a stored entry re-encodes to the bytes it was hashed
 * from. Why a version tag: entry and checkpoint bytes can never be mistaken for each other or for
 * a future format.
 */
public final class AuditCanonical {

  public static final String ENTRY_VERSION = "idnet-audit-v1";
  public static final String CHECKPOINT_VERSION = "idnet-audit-checkpoint-v1";

  private AuditCanonical() {
  }

  public static byte[] entryBytes(long seq, Instant at, String type, String actor, String agencyId,
      String requestId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    out.writeBytes(ENTRY_VERSION.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(int64(seq));
    out.writeBytes(int64(epochMicros(at)));
    for (String field : new String[] {type, actor, agencyId, requestId}) {
      byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(utf8.length).array());
      out.writeBytes(utf8);
    }
    return out.toByteArray();
  }

  public static byte[] checkpointBytes(long size, Hash rootHash, Instant issuedAt) {
    byte[] version = CHECKPOINT_VERSION.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(version.length + 8 + Hash.LENGTH + 8)
        .put(version).putLong(size).put(rootHash.bytes()).putLong(epochMicros(issuedAt))
        .array();
  }

  /** SHA-256(prevHash || canonical): the hash of the entry whose canonical bytes are given. */
  public static Hash chain(Hash prevHash, byte[] canonical) {
    MessageDigest sha256 = sha256();
    sha256.update(prevHash.bytes());
    sha256.update(canonical);
    return new Hash(sha256.digest());
  }

  /** What the entry's hash should be, given the hash of its predecessor. */
  public static Hash chain(Hash prevHash, AuditEntry entry) {
    return chain(prevHash, entry.canonicalBytes());
  }

  /**
   * Microseconds since 1970-01-01T00:00Z, rounded towards the past: the precision PostgreSQL
   * stores, so an instant and its stored copy encode alike.
   */
  public static long epochMicros(Instant at) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, at.truncatedTo(ChronoUnit.MICROS));
  }

  private static byte[] int64(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
