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
 * no whitespace; strings escaped as its Gson escapes them, {@code <>&='} included), without its
 * per-field maps and reflection, encoded to UTF-8 as it is written into one buffer sized after the
 * last answer of its type (no String in between, no second pass). It serves the message types
 * made only of what the answers of the hot routes hold: strings, booleans, 32-bit integers,
 * enums, {@code google.protobuf.Timestamp} and messages of the same kinds, singly or repeated.
 * {@link #serves} tells; anything else (64-bit integers, maps, bytes, floating point, other
 * well-known types) is left to JsonFormat. A test holds the two outputs equal over many answers.
 */
final class DirectJson {

  private static final Map<Descriptor, Plan> PLANS = new ConcurrentHashMap<>();
  private static final Plan UNSERVED = new Plan(new Field[0]);
  private static final String TIMESTAMP = Timestamp.getDescriptor().getFullName();

  private DirectJson() {
  }

  /** Whether messages of {@code type} are written here. */
  static boolean serves(Descriptor type) {
    return plan(type) != UNSERVED;
  }

  /** The JSON of {@code message}, whose type this {@link #serves}. */
  static byte[] write(Message message) {
    Plan plan = plan(message.getDescriptorForType());
    JsonBytes json = new JsonBytes(plan.sizeHint());
    writeMessage(json, message, plan);
    plan.written(json.size);
    return json.toArray();
  }

  /** The JSON array of {@code messages}, all of {@code type}, which this {@link #serves}. */
  static byte[] writeArray(List<? extends Message> messages, Descriptor type) {
    Plan plan = plan(type);
    JsonBytes json = new JsonBytes(2 + (plan.sizeHint() + 1) * messages.size());
    json.ascii('[');
    for (int i = 0; i < messages.size(); i++) {
      if (i > 0) {
        json.ascii(',');
      }
      int start = json.size;
      writeMessage(json, messages.get(i), plan);
      plan.written(json.size - start);
    }
    json.ascii(']');
    return json.toArray();
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

  private static void writeMessage(JsonBytes json, Message message, Plan plan) {
    json.ascii('{');
    boolean first = true;
    for (Field field : plan.fields()) {
      FieldDescriptor descriptor = field.descriptor();
      if (field.presence() && !message.hasField(descriptor)) {
        continue;
      }
      if (!first) {
        json.ascii(',');
      }
      first = false;
      json.raw(field.name());
      Object value = message.getField(descriptor);
      if (descriptor.isRepeated()) {
        List<?> values = (List<?>) value;
        json.ascii('[');
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            json.ascii(',');
          }
          writeValue(json, descriptor, values.get(i));
        }
        json.ascii(']');
      } else {
        writeValue(json, descriptor, value);
      }
    }
    json.ascii('}');
  }

  private static void writeValue(JsonBytes json, FieldDescriptor field, Object value) {
    switch (field.getType()) {
      case STRING -> json.string((String) value);
      case BOOL -> json.ascii(((Boolean) value) ? "true" : "false");
      case INT32, SINT32, SFIXED32 -> json.ascii(Integer.toString((Integer) value));
      case UINT32, FIXED32 -> json.ascii(Integer.toUnsignedString((Integer) value));
      case ENUM -> {
        EnumValueDescriptor e = (EnumValueDescriptor) value;
        if (e.getIndex() == -1) {
          json.ascii(Integer.toString(e.getNumber()));
        } else {
          json.ascii('"').text(e.getName()).ascii('"');
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

  private static void timestamp(JsonBytes json, Message message) {
    Descriptor type = message.getDescriptorForType();
    Timestamp value = message instanceof Timestamp t ? t : Timestamp.newBuilder()
        .setSeconds((Long) message.getField(type.findFieldByNumber(Timestamp.SECONDS_FIELD_NUMBER)))
        .setNanos((Integer) message.getField(type.findFieldByNumber(Timestamp.NANOS_FIELD_NUMBER)))
        .build();
    json.ascii('"').ascii(Timestamps.toString(value)).ascii('"');
  }

  /**
   * The fields of a message type in field-number order, with their {@code "name":} prefix, and
   * the size of the last message of the type written (the next buffer is made that large).
   */
  private static final class Plan {

    private final Field[] fields;
    private volatile int lastSize = 128;

    Plan(Field[] fields) {
      this.fields = fields;
    }

    static Plan of(Descriptor type) {
      return new Plan(type.getFields().stream()
          .sorted((a, b) -> Integer.compare(a.getNumber(), b.getNumber()))
          .map(f -> new Field(f, ("\"" + f.getJsonName() + "\":").getBytes(StandardCharsets.UTF_8),
              !f.isRepeated() && f.hasPresence()))
          .toArray(Field[]::new));
    }

    Field[] fields() {
      return fields;
    }

    int sizeHint() {
      return lastSize + 32;
    }

    void written(int size) {
      lastSize = size;
    }
  }

  private record Field(FieldDescriptor descriptor, byte[] name, boolean presence) {
  }
}
