package org.idnet.disclosure.api;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.idnet.disclosure.requests.domain.DisclosureException;

/** Instants to and from protobuf Timestamps, refusing ones outside RFC 3339's range. */
public final class ProtoTime {

  private static final long MIN_SECONDS = -62_135_596_800L; // 0001-01-01T00:00:00Z
  private static final long MAX_SECONDS = 253_402_300_799L; // 9999-12-31T23:59:59Z

  private ProtoTime() {
  }

  public static Timestamp of(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  /** @throws DisclosureException INVALID_ARGUMENT naming {@code field} for an impossible time */
  public static Instant parse(String field, Timestamp timestamp) {
    if (timestamp.getSeconds() < MIN_SECONDS || timestamp.getSeconds() > MAX_SECONDS
        || timestamp.getNanos() < 0 || timestamp.getNanos() > 999_999_999) {
      throw DisclosureException.invalid(field, field + " is not a valid time");
    }
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
