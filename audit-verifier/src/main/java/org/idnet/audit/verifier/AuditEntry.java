package org.idnet.audit.verifier;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the disclosure audit log as stored and exported: its place in the chain
 * ({@code seq}, {@code prevHash}, {@code hash}) and what it records. No personal data: actors are
 * officials' subjects (or {@code system}), ids are the state's, never a citizen's.
 *
 * @param seq 1, 2, 3, ... without gaps
 * @param at when it was appended, microsecond precision (as PostgreSQL keeps it)
 * @param type e.g. {@code REQUEST_APPROVED}
 * @param requestId the disclosure request, as its canonical lowercase UUID text
 * @param prevHash the hash of entry {@code seq - 1} ({@link Hash#ZERO} for entry 1)
 * @param hash SHA-256(prevHash || canonical bytes), see {@link AuditCanonical}
 */
public record AuditEntry(long seq, Instant at, String type, String actor, String agencyId, String requestId,
    Hash prevHash, Hash hash) {

  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(agencyId, "agencyId");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(prevHash, "prevHash");
    Objects.requireNonNull(hash, "hash");
  }

  /** The bytes this entry's hash covers (besides its predecessor's hash). */
  public byte[] canonicalBytes() {
    return AuditCanonical.entryBytes(seq, at, type, actor, agencyId, requestId);
  }
}
