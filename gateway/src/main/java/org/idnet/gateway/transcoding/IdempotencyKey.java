package org.idnet.gateway.transcoding;

import java.util.List;
import java.util.Optional;
import org.idnet.headers.IdempotencyKeys;

/**
 * The {@code Idempotency-Key} header of api.md, passed to the service as gRPC metadata
 * {@code idempotency-key}: the service, not the gateway, remembers keys, so a repeat reaching
 * another gateway replica (or a gRPC caller) gets the same first answer.
 */
final class IdempotencyKey {

  static final String HEADER = IdempotencyKeys.HEADER;

  private IdempotencyKey() {
  }

  /**
   * The key of the request, if it sent one.
   *
   * @throws InvalidRequestException when it is not 1-64 printable ASCII characters, or sent twice
   */
  static Optional<String> from(List<String> values) {
    if (values == null || values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      throw new InvalidRequestException(HEADER, "must be sent once");
    }
    String key = values.get(0);
    if (!IdempotencyKeys.isWellFormed(key)) {
      throw new InvalidRequestException(HEADER, IdempotencyKeys.RULE);
    }
    return Optional.of(key);
  }
}
