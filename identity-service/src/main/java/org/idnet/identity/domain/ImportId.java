package org.idnet.identity.domain;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An import's id: its row's random uuid, shown to platforms as {@code imp_} and the 16 bytes in
 * URL-safe base64 without padding (22 characters).
 */
public record ImportId(UUID uuid) {

  private static final String PREFIX = "imp_";
  private static final Pattern EXTERNAL = Pattern.compile("imp_[A-Za-z0-9_-]{21}[AQgw]");

  public ImportId {
    Objects.requireNonNull(uuid, "uuid");
  }

  public static ImportId random() {
    return new ImportId(UUID.randomUUID());
  }

  /**
   * @throws IdentityException INVALID_IMPORT_ID unless {@code external} is an id this service gave
   *     (the last character carries only two bits: others would be a second spelling of one id)
   */
  public static ImportId parse(String external) {
    if (external == null || !EXTERNAL.matcher(external).matches()) {
      throw IdentityException.invalid(FailureReason.INVALID_IMPORT_ID, "importId",
          "importId must be imp_ followed by 22 base64url characters");
    }
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(external.substring(PREFIX.length())));
    return new ImportId(new UUID(bytes.getLong(), bytes.getLong()));
  }

  /** The id as platforms see it. */
  public String external() {
    ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits());
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  @Override
  public String toString() {
    return external();
  }
}
