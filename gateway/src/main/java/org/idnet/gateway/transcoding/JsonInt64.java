package org.idnet.gateway.transcoding;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the 64-bit integers of protobuf's JSON into JSON numbers. protobuf's JSON mapping prints
 * int64 and uint64 as strings ({@code "size":"4"}) for readers that parse every number as a double;
 * idnet's 64-bit values (counts, sizes, audit sequence numbers) stay far below 2^53, where a
 * double is exact, and a client should read a count as a number. The proto types stay 64-bit.
 * Answers without such fields (verify-account, the hot path) are left as printed, at no cost.
 */
final class JsonInt64 {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Map<Descriptor, Boolean> HAS_INT64 = new ConcurrentHashMap<>();

  private JsonInt64() {
  }

  /** Whether a message of this type can hold a 64-bit integer anywhere in it. */
  static boolean holdsInt64(Descriptor type) {
    return HAS_INT64.computeIfAbsent(type, t -> holdsInt64(t, new HashSet<>()));
  }

  private static boolean holdsInt64(Descriptor type, Set<Descriptor> seen) {
    if (!seen.add(type)) {
      return false;
    }
    for (FieldDescriptor field : type.getFields()) {
      if (isInt64(field) || field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
          && !isOpaque(field.getMessageType()) && holdsInt64(field.getMessageType(), seen)) {
        return true;
      }
    }
    return false;
  }

  /** {@code json}, printed by protobuf from a message of {@code type}, with its 64-bit integers as numbers. */
  static byte[] numbers(String json, Descriptor type) {
    JsonNode tree = JSON.readTree(json);
    rewrite(tree, type);
    return JSON.writeValueAsBytes(tree);
  }

  private static void rewrite(JsonNode node, Descriptor type) {
    if (node instanceof ArrayNode array) {
      array.forEach(element -> rewrite(element, type));
      return;
    }
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    for (FieldDescriptor field : type.getFields()) {
      JsonNode value = object.get(field.getJsonName());
      if (value == null) {
        continue;
      }
      if (field.isMapField() && value instanceof ObjectNode map) {
        FieldDescriptor mapValue = field.getMessageType().findFieldByName("value");
        for (String key : java.util.List.copyOf(map.propertyNames())) {
          map.set(key, converted(mapValue, map.get(key)));
        }
      } else if (value instanceof ArrayNode array) {
        for (int i = 0; i < array.size(); i++) {
          array.set(i, converted(field, array.get(i)));
        }
      } else {
        object.set(field.getJsonName(), converted(field, value));
      }
    }
  }

  private static JsonNode converted(FieldDescriptor field, JsonNode value) {
    if (isInt64(field) && value.isString()) {
      BigInteger number = new BigInteger(value.stringValue());
      return number.bitLength() < 64 ? JsonNodeFactory.instance.numberNode(number.longValue())
          : JsonNodeFactory.instance.numberNode(number);
    }
    if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !isOpaque(field.getMessageType())) {
      rewrite(value, field.getMessageType());
    }
    return value;
  }

  private static boolean isInt64(FieldDescriptor field) {
    return switch (field.getType()) {
      case INT64, UINT64, SINT64, FIXED64, SFIXED64 -> true;
      default -> false;
    };
  }

  /** Well-known types with a JSON form of their own (a Timestamp is a string, not an object). */
  private static boolean isOpaque(Descriptor type) {
    return type.getFile().getPackage().equals("google.protobuf");
  }
}
