package org.idnet.disclosure.api;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.time.Instant;
import org.idnet.disclosure.requests.domain.DisclosureException;

/** Instants to and from protobuf Timestamps, refusing ones outside RFC 3339's range. */
public final class ProtoTime {

  private ProtoTime() {
  }

  public static Timestamp of(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  /** @throws DisclosureException INVALID_ARGUMENT naming {@code field} for an impossible time */
  public static Instant parse(String field, Timestamp timestamp) {
    if (!Timestamps.isValid(timestamp)) {
      throw DisclosureException.invalid(field, field + " is not a valid time");
    }
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
