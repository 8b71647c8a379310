package org.idnet.gateway.transcoding;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes an answer as JSON directly, with the bytes protobuf's {@code JsonFormat} printer prints
 * (fields with no presence always, the others when set; names in JSON form; field-number order;
 * no whitespace; strings escaped as its Gson escapes them, {@code <>&='} included), without its per-field maps and
 * reflection. It serves the message types made only of what the answers of the hot routes hold:
 * strings, booleans, 32-bit integers, enums, {@code google.protobuf.Timestamp} and messages of the
 * same kinds, singly or repeated. {@link #serves} tells; anything else (64-bit integers, maps,
 * bytes, floating point, other well-known types) is left to JsonFormat. A test holds the two
 * outputs equal over many answers.
 */
final class DirectJson {

  private static final Map<Descriptor, Plan> PLANS = new ConcurrentHashMap<>();
  private static final Plan UNSERVED = new Plan(new Field[0]);
  private static final String TIMESTAMP = Timestamp.getDescriptor().getFullName();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private DirectJson() {
  }

  /** Whether messages of {@code type} are written here. */
  static boolean serves(Descriptor type) {
    return plan(type) != UNSERVED;
  }

  /** The JSON of {@code message}, whose type this {@link #serves}. */
  static byte[] write(Message message) {
    StringBuilder json = new StringBuilder(256);
    writeMessage(json, message, plan(message.getDescriptorForType()));
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The JSON array of {@code messages}, all of {@code type}, which this {@link #serves}. */
  static byte[] writeArray(List<? extends Message> messages, Descriptor type) {
    Plan plan = plan(type);
    StringBuilder json = new StringBuilder(2 + 200 * messages.size());
    json.append('[');
    for (int i = 0; i < messages.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      writeMessage(json, messages.get(i), plan);
    }
    return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Plan plan(Descriptor type) {
    Plan plan = PLANS.get(type);
    if (plan == null) {
      plan = servable(type, new HashSet<>()) ? Plan.of(type) : UNSERVED;
      PLANS.putIfAbsent(type, plan);
    }
    return plan;
  }

  private static boolean servable(Descriptor type, Set<Descriptor> seen) {
    if (!seen.add(type)) {
      return true;
    }
    if (type.getFile().getPackage().equals("google.protobuf")) {
      return false;
    }
    for (FieldDescriptor field : type.getFields()) {
      if (field.isMapField()) {
        return false;
      }
      boolean ok = switch (field.getType()) {
        case STRING, BOOL, INT32, SINT32, SFIXED32, UINT32, FIXED32 -> true;
        case ENUM -> !field.getEnumType().getFullName().equals("google.protobuf.NullValue");
        case MESSAGE -> field.getMessageType().getFullName().equals(TIMESTAMP)
            || servable(field.getMessageType(), seen);
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static void writeMessage(StringBuilder json, Message message, Plan plan) {
    json.append('{');
    boolean first = true;
    for (Field field : plan.fields()) {
      FieldDescriptor descriptor = field.descriptor();
      if (field.presence() && !message.hasField(descriptor)) {
        continue;
      }
      if (!first) {
        json.append(',');
      }
      first = false;
      json.append(field.name());
      Object value = message.getField(descriptor);
      if (descriptor.isRepeated()) {
        List<?> values = (List<?>) value;
        json.append('[');
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            json.append(',');
          }
          writeValue(json, descriptor, values.get(i));
        }
        json.append(']');
      } else {
        writeValue(json, descriptor, value);
      }
    }
    json.append('}');
  }

  private static void writeValue(StringBuilder json, FieldDescriptor field, Object value) {
    switch (field.getType()) {
      case STRING -> string(json, (String) value);
      case BOOL -> json.append(((Boolean) value).booleanValue());
      case INT32, SINT32, SFIXED32 -> json.append(((Integer) value).intValue());
      case UINT32, FIXED32 -> json.append(Integer.toUnsignedLong((Integer) value));
      case ENUM -> {
        EnumValueDescriptor e = (EnumValueDescriptor) value;
        if (e.getIndex() == -1) {
          json.append(e.getNumber());
        } else {
          json.append('"').append(e.getName()).append('"');
        }
      }
      case MESSAGE -> {
        Message message = (Message) value;
        if (field.getMessageType().getFullName().equals(TIMESTAMP)) {
          timestamp(json, message);
        } else {
          writeMessage(json, message, plan(field.getMessageType()));
        }
      }
      default -> throw new IllegalStateException("not served here: " + field.getFullName());
    }
  }

  private static void timestamp(StringBuilder json, Message message) {
    Descriptor type = message.getDescriptorForType();
    Timestamp value = message instanceof Timestamp t ? t : Timestamp.newBuilder()
        .setSeconds((Long) message.getField(type.findFieldByNumber(Timestamp.SECONDS_FIELD_NUMBER)))
        .setNanos((Integer) message.getField(type.findFieldByNumber(Timestamp.NANOS_FIELD_NUMBER)))
        .build();
    json.append('"').append(Timestamps.toString(value)).append('"');
  }

  /** A JSON string as JsonFormat's printer writes it (Gson's defaults: HTML-safe escapes included). */
  static void string(StringBuilder json, String value) {
    json.append('"');
    int start = 0;
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      String replacement;
      if (c < 0x20) {
        replacement = switch (c) {
          case '\t' -> "\\t";
          case '\b' -> "\\b";
          case '\n' -> "\\n";
          case '\r' -> "\\r";
          case '\f' -> "\\f";
          default -> null;
        };
        if (replacement == null) {
          json.append(value, start, i).append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          start = i + 1;
          continue;
        }
      } else if (c == '"') {
        replacement = "\\\"";
      } else if (c == '\\') {
        replacement = "\\\\";
      } else if (c == '<' || c == '>' || c == '&' || c == '=' || c == '\'') {
        json.append(value, start, i).append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
        start = i + 1;
        continue;
      } else if (c == '\u2028') {
        replacement = "\\u2028";
      } else if (c == '\u2029') {
        replacement = "\\u2029";
      } else {
        continue;
      }
      json.append(value, start, i).append(replacement);
      start = i + 1;
    }
    json.append(value, start, length).append('"');
  }

  /** The fields of a message type in field-number order, with their {@code "name":} prefix. */
  private record Plan(Field[] fields) {

    static Plan of(Descriptor type) {
      return new Plan(type.getFields().stream()
          .sorted((a, b) -> Integer.compare(a.getNumber(), b.getNumber()))
          .map(f -> new Field(f, "\"" + f.getJsonName() + "\":", !f.isRepeated() && f.hasPresence()))
          .toArray(Field[]::new));
    }
  }

  private record Field(FieldDescriptor descriptor, String name, boolean presence) {
  }
}
