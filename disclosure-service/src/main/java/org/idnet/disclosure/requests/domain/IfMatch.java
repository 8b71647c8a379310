package org.idnet.disclosure.requests.domain;

import java.util.Optional;

/**
 * The If-Match precondition of an approval (RFC 9110 section 13.1.1, strong comparison): the
 * supervisor approves the version of the request whose digest they saw (its ETag), no other.
 */
final class IfMatch {

  private static final int MAX_LENGTH = 1000;

  private IfMatch() {
  }

  /**
   * @param header the If-Match value as received; empty when none was sent
   * @throws DisclosureException PRECONDITION_REQUIRED without one, PRECONDITION_FAILED when no
   *     entity tag in it is {@code "<digest>"} ({@code *} and weak tags never match)
   */
  static void require(Optional<String> header, String digest) {
    if (header.isEmpty() || header.get().isBlank()) {
      throw DisclosureException.of(Refusal.PRECONDITION_REQUIRED, "If-Match",
          "approving needs If-Match with the request's digest (its ETag), so that exactly that version is approved");
    }
    String value = header.get();
    if (value.length() <= MAX_LENGTH) {
      for (String tag : value.split(",")) {
        if (tag.strip().equals("\"" + digest + "\"")) {
          return;
        }
      }
    }
    throw DisclosureException.of(Refusal.PRECONDITION_FAILED, "If-Match",
        "If-Match does not name the request's current digest: read the request again and approve what it says");
  }
}
