package org.idnet.disclosure.requests.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of a newest-first listing ends: the last request's creation time and id (ties
 * broken by id). Opaque to clients; a forged one can only move within the caller's own agency,
 * since every listing is filtered by agency in the store.
 */
public record PageCursor(Instant createdAt, UUID id) {

  private static final String VERSION = "c1";

  public static PageCursor after(DisclosureRequest last) {
    return new PageCursor(last.createdAt(), last.id());
  }

  public String token() {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
    String plain = VERSION + ":" + micros + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
  }

  /** @throws DisclosureException INVALID_ARGUMENT on a token this service did not make */
  public static PageCursor parse(String token) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII).split(":", -1);
      if (parts.length != 3 || !VERSION.equals(parts[0])) {
        throw new IllegalArgumentException("layout");
      }
      Instant createdAt = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
      return new PageCursor(createdAt, UUID.fromString(parts[2]));
    } catch (RuntimeException e) {
      throw DisclosureException.invalid("pageToken", "pageToken is not one this service issued");
    }
  }
}
