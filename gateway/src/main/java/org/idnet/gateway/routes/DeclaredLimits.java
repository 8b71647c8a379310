package org.idnet.gateway.routes;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.idnet.api.v1.FieldLimits;
import org.idnet.api.v1.FieldLimitsProto;

/**
 * The bounds a proto field declares with {@code (idnet.api.v1.field)}, read once and checked for
 * sense: the OpenAPI document states them and the request transcoder enforces them, from this one
 * reading. A contract with a bound that cannot hold (a pattern that does not compile, a maximum
 * below its minimum) stops the gateway at start-up rather than misleading a client.
 *
 * @param pattern the declared pattern as Java reads it: the text between {@code ^} and {@code $},
 *     matched against the whole value (so Java's {@code $}, which also matches before a final line
 *     break, plays no part); null when none is declared
 */
public record DeclaredLimits(FieldDescriptor field, FieldLimits limits, Pattern pattern) {

  private static final Map<FieldDescriptor, Optional<DeclaredLimits>> CACHE = new ConcurrentHashMap<>();

  /** The limits of {@code field}, if it declares any. */
  public static Optional<DeclaredLimits> of(FieldDescriptor field) {
    return CACHE.computeIfAbsent(field, DeclaredLimits::read);
  }

  private static Optional<DeclaredLimits> read(FieldDescriptor field) {
    if (!field.getOptions().hasExtension(FieldLimitsProto.field)) {
      return Optional.empty();
    }
    FieldLimits limits = field.getOptions().getExtension(FieldLimitsProto.field);
    String where = field.getFullName() + ": (idnet.api.v1.field) ";
    if (limits.getMaxLength() != 0 && limits.getMinLength() > limits.getMaxLength()
        || limits.getMaxItems() != 0 && limits.getMinItems() > limits.getMaxItems()
        || limits.hasMinimum() && limits.hasMaximum() && limits.getMinimum() > limits.getMaximum()) {
      throw new IllegalStateException(where + "has a minimum above its maximum");
    }
    if ((limits.getMinItems() != 0 || limits.getMaxItems() != 0 || !limits.getCountCode().isEmpty())
        && !field.isRepeated()) {
      throw new IllegalStateException(where + "counts items of a field that is not repeated");
    }
    return Optional.of(new DeclaredLimits(field, limits, compile(where, limits.getPattern())));
  }

  private static Pattern compile(String where, String pattern) {
    if (pattern.isEmpty()) {
      return null;
    }
    if (pattern.length() < 2 || !pattern.startsWith("^") || !pattern.endsWith("$") || pattern.endsWith("\\$")) {
      throw new IllegalStateException(where + "pattern must be written ^...$ (a whole-value match): " + pattern);
    }
    try {
      return Pattern.compile(pattern.substring(1, pattern.length() - 1));
    } catch (PatternSyntaxException e) {
      throw new IllegalStateException(where + "pattern does not compile: " + e.getDescription(), e);
    }
  }

  /** The problem code of a refused value: the declared one, else {@code invalid-request}. */
  public String code() {
    return limits.getCode().isEmpty() ? "invalid-request" : limits.getCode();
  }

  /** The problem code of a refused element count: {@code count_code}, else {@link #code()}. */
  public String countCode() {
    return limits.getCountCode().isEmpty() ? code() : limits.getCountCode();
  }

  /** Whether the whole value matches the declared pattern (true when none is declared). */
  public boolean matches(CharSequence value) {
    return pattern == null || pattern.matcher(value).matches();
  }
}
