package org.idnet.gateway.transcoding;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import org.idnet.api.v1.FieldLimits;
import org.idnet.gateway.errors.Problem;
import org.idnet.gateway.routes.DeclaredLimits;

/**
 * Refuses a request that breaks a bound its proto declares ({@code (idnet.api.v1.field)}: length
 * and pattern of strings, number of elements, range of integers) before any service is called, so
 * every limit the OpenAPI document states holds. A refusal names each field at fault (JSON names,
 * {@code accountIds[3]}, {@code target.accountId}) and never echoes its value, which may be
 * personal data; its code is the field's declared code, so the answer is the one the service would
 * give for the same fault.
 */
final class RequestLimits {

  /** Enough to show what is wrong without echoing a 500-element list back. */
  static final int MAX_REPORTED = 20;

  void check(Message request) {
    List<Violation> violations = new ArrayList<>();
    walk(request, "", violations);
    if (!violations.isEmpty()) {
      List<Problem.FieldError> errors = violations.stream().limit(MAX_REPORTED)
          .map(v -> new Problem.FieldError(v.field(), v.message())).toList();
      Violation first = violations.get(0);
      throw new InvalidRequestException(first.code(), first.field() + " " + first.message(), errors);
    }
  }

  private record Violation(String field, String message, String code) {
  }

  private static void walk(Message message, String prefix, List<Violation> out) {
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      String name = prefix + field.getJsonName();
      DeclaredLimits limits = DeclaredLimits.of(field).orElse(null);
      if (field.isRepeated()) {
        int count = message.getRepeatedFieldCount(field);
        if (limits != null) {
          checkCount(limits, name, count, out);
        }
        for (int i = 0; i < count && out.size() <= MAX_REPORTED; i++) {
          value(field, limits, message.getRepeatedField(field, i), name + "[" + i + "]", out);
        }
      } else if (!field.hasPresence() || message.hasField(field)) {
        value(field, limits, message.getField(field), name, out);
      }
    }
  }

  private static void checkCount(DeclaredLimits limits, String name, int count, List<Violation> out) {
    FieldLimits declared = limits.limits();
    if (count < declared.getMinItems() || declared.getMaxItems() != 0 && count > declared.getMaxItems()) {
      String bound = declared.getMaxItems() == 0 ? "at least " + declared.getMinItems()
          : declared.getMinItems() + "-" + declared.getMaxItems();
      out.add(new Violation(name, "must have " + bound + " elements", limits.countCode()));
    }
  }

  private static void value(FieldDescriptor field, DeclaredLimits limits, Object value, String name,
      List<Violation> out) {
    switch (field.getJavaType()) {
      case MESSAGE -> walk((Message) value, name + ".", out);
      case STRING -> {
        if (limits != null) {
          text(limits, (String) value, name, out);
        }
      }
      case BYTE_STRING -> {
        if (limits != null) {
          // Bounds of a bytes field count the characters of its base64 text, as JSON carries it.
          int size = ((ByteString) value).size();
          length(limits, (size + 2) / 3 * 4, name, out);
        }
      }
      case INT, LONG -> {
        if (limits != null) {
          range(limits, ((Number) value).longValue(), field, name, out);
        }
      }
      default -> {
        // booleans, enums (checked by the JSON parser), floating point: nothing declared
      }
    }
  }

  private static void text(DeclaredLimits limits, String value, String name, List<Violation> out) {
    if (length(limits, value.codePointCount(0, value.length()), name, out) && !limits.matches(value)) {
      out.add(new Violation(name, "must match " + limits.limits().getPattern(), limits.code()));
    }
  }

  /** Whether the length is within bounds (a pattern is only worth checking then). */
  private static boolean length(DeclaredLimits limits, int length, String name, List<Violation> out) {
    FieldLimits declared = limits.limits();
    boolean tooLong = declared.getMaxLength() != 0 && length > declared.getMaxLength();
    if (length < declared.getMinLength() || tooLong) {
      String bound = declared.getMaxLength() == 0 ? "at least " + declared.getMinLength()
          : declared.getMinLength() == declared.getMaxLength() ? "exactly " + declared.getMaxLength()
          : declared.getMinLength() + "-" + declared.getMaxLength();
      out.add(new Violation(name, "must be " + bound + " characters long", limits.code()));
      return false;
    }
    return true;
  }

  private static void range(DeclaredLimits limits, long value, FieldDescriptor field, String name,
      List<Violation> out) {
    FieldLimits declared = limits.limits();
    boolean unsigned = switch (field.getType()) {
      case UINT32, UINT64, FIXED32, FIXED64 -> true;
      default -> false;
    };
    if (unsigned && field.getJavaType() == FieldDescriptor.JavaType.INT) {
      value = Integer.toUnsignedLong((int) value);
    }
    // A uint64 above Long.MAX_VALUE reads negative here: above any declared maximum.
    boolean huge = unsigned && value < 0;
    boolean below = declared.hasMinimum() && !huge && value < declared.getMinimum();
    boolean above = declared.hasMaximum() && (huge || value > declared.getMaximum());
    if (below || above) {
      String bound = !declared.hasMaximum() ? "at least " + declared.getMinimum()
          : !declared.hasMinimum() ? "at most " + declared.getMaximum()
          : "between " + declared.getMinimum() + " and " + declared.getMaximum();
      out.add(new Violation(name, "must be " + bound, limits.code()));
    }
  }
}
