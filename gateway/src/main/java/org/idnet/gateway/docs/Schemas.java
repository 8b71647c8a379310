package org.idnet.gateway.docs;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.idnet.api.v1.FieldLimits;
import org.idnet.gateway.routes.DeclaredLimits;
import org.idnet.gateway.transcoding.BackendChannels;

/**
 * JSON Schemas of the contract's messages as their JSON travels: lowerCamelCase names, enums by
 * name, Timestamps as RFC 3339 strings, 64-bit integers as numbers. Every string, array and integer
 * has its bounds: those the field declares ({@code (idnet.api.v1.field)}), else those of its type
 * or of the transport ({@link #ANSWER_BOUND}). Messages that requests carry refuse unknown
 * properties ({@code additionalProperties: false}, as the gateway does); answers may grow by added
 * fields, so their schemas do not.
 */
final class Schemas {

  /** The largest integer a JSON reader that parses numbers as doubles holds exactly (2^53 - 1). */
  static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;
  /** No answer exceeds this many bytes, so no string or list in it has more characters or elements. */
  static final int ANSWER_BOUND = BackendChannels.MAX_ANSWER_BYTES;
  /** RFC 3339 as protobuf reads it: 4-digit year, up to 9 fraction digits, Z or an offset. */
  static final int TIMESTAMP_LENGTH = "9999-12-31T23:59:59.999999999+14:00".length();

  private final ProtoComments comments;
  private final Set<Descriptor> requestTypes;
  private final Map<String, Object> schemas = new LinkedHashMap<>();
  private final Map<String, Descriptor> owners = new HashMap<>();

  /** @param requestInputs the input messages of the documented routes: they and what they hold are request types */
  Schemas(ProtoComments comments, Collection<Descriptor> requestInputs) {
    this.comments = comments;
    this.requestTypes = new HashSet<>();
    requestInputs.forEach(this::markRequest);
  }

  private void markRequest(Descriptor type) {
    if (requestTypes.add(type)) {
      type.getFields().stream().filter(f -> f.getJavaType() == FieldDescriptor.JavaType.MESSAGE)
          .forEach(f -> markRequest(f.getMessageType()));
    }
  }

  Map<String, Object> all() {
    return schemas;
  }

  /** A reference to the schema of {@code type}, without the fields a route takes from its path. */
  Map<String, Object> ref(Descriptor type, List<String> pathFields) {
    String name = nameOf(type) + (pathFields.isEmpty() ? "" : "Body");
    if (!schemas.containsKey(name)) {
      schemas.put(name, Json.obj());
      schemas.put(name, object(type, pathFields));
    }
    return Json.obj("$ref", "#/components/schemas/" + name);
  }

  private String nameOf(Descriptor type) {
    String name = type.getName();
    Descriptor owner = owners.putIfAbsent(name, type);
    return owner == null || owner.equals(type) ? name : type.getFullName().replace('.', '_');
  }

  private Map<String, Object> object(Descriptor type, List<String> pathFields) {
    boolean request = requestTypes.contains(type);
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (FieldDescriptor field : type.getFields()) {
      if (pathFields.contains(field.getName())) {
        continue;
      }
      properties.put(field.getJsonName(), field(field));
      if (request ? isRequiredInRequest(field) : !field.hasPresence()) {
        required.add(field.getJsonName());
      }
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    describe(schema, comments.of(type));
    schema.put("properties", properties);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    if (request) {
      schema.put("additionalProperties", false);
    }
    return schema;
  }

  /** A proto3 field without presence reads as empty when absent: a declared minimum makes it required. */
  static boolean isRequiredInRequest(FieldDescriptor field) {
    FieldLimits limits = DeclaredLimits.of(field).map(DeclaredLimits::limits).orElse(FieldLimits.getDefaultInstance());
    return !field.hasPresence() && (limits.getMinLength() > 0 || limits.getMinItems() > 0);
  }

  /** The schema of a field as a property or parameter, with its comment as description. */
  Map<String, Object> field(FieldDescriptor field) {
    FieldLimits limits = DeclaredLimits.of(field).map(DeclaredLimits::limits).orElse(FieldLimits.getDefaultInstance());
    Map<String, Object> schema = new LinkedHashMap<>();
    if (field.isMapField()) {
      schema.put("type", "object");
      schema.put("maxProperties", ANSWER_BOUND);
      schema.put("propertyNames", element(field.getMessageType().findFieldByName("key"), FieldLimits.getDefaultInstance()));
      schema.put("additionalProperties", element(field.getMessageType().findFieldByName("value"), FieldLimits.getDefaultInstance()));
    } else if (field.isRepeated()) {
      schema.put("type", "array");
      if (limits.getMinItems() > 0) {
        schema.put("minItems", limits.getMinItems());
      }
      schema.put("maxItems", limits.getMaxItems() != 0 ? limits.getMaxItems() : ANSWER_BOUND);
      schema.put("items", element(field, limits));
    } else {
      schema.putAll(element(field, limits));
    }
    String description = comments.of(field);
    if (field.getJavaType() == FieldDescriptor.JavaType.ENUM) {
      description = join(description, comments.of(field.getEnumType()));
    }
    describe(schema, description);
    return schema;
  }

  private Map<String, Object> element(FieldDescriptor field, FieldLimits limits) {
    Map<String, Object> schema = new LinkedHashMap<>();
    switch (field.getType()) {
      case STRING -> {
        schema.put("type", "string");
        lengths(schema, limits);
        if (!limits.getPattern().isEmpty()) {
          schema.put("pattern", limits.getPattern());
        }
      }
      case BYTES -> {
        schema.put("type", "string");
        schema.put("contentEncoding", "base64");
        lengths(schema, limits);
      }
      case INT32, SINT32, SFIXED32 -> integer(schema, "int32", limits, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case UINT32, FIXED32 -> integer(schema, "int64", limits, 0, 0xFFFF_FFFFL);
      case INT64, SINT64, SFIXED64 -> integer(schema, "int64", limits, -MAX_SAFE_INTEGER, MAX_SAFE_INTEGER);
      case UINT64, FIXED64 -> integer(schema, "int64", limits, 0, MAX_SAFE_INTEGER);
      case FLOAT -> schema.putAll(Json.obj("type", "number", "format", "float"));
      case DOUBLE -> schema.putAll(Json.obj("type", "number", "format", "double"));
      case BOOL -> schema.put("type", "boolean");
      case ENUM -> {
        schema.put("type", "string");
        schema.put("enum", field.getEnumType().getValues().stream().map(EnumValueDescriptor::getName)
            .filter(n -> !n.endsWith("_UNSPECIFIED")).toList());
      }
      case MESSAGE, GROUP -> schema.putAll(message(field.getMessageType()));
    }
    return schema;
  }

  private Map<String, Object> message(Descriptor type) {
    return switch (type.getFullName()) {
      case "google.protobuf.Timestamp" -> Json.obj("type", "string", "format", "date-time", "maxLength", TIMESTAMP_LENGTH);
      case "google.protobuf.Duration" -> Json.obj("type", "string", "pattern", "^-?[0-9]+([.][0-9]{1,9})?s$", "maxLength", 32);
      case "google.protobuf.Empty" -> Json.obj("type", "object", "maxProperties", 0);
      default -> {
        if (type.getFile().getPackage().equals("google.protobuf")) {
          throw new IllegalStateException("the OpenAPI document has no JSON form for " + type.getFullName()
              + " yet: add it to " + Schemas.class.getName());
        }
        yield ref(type, List.of());
      }
    };
  }

  private static void lengths(Map<String, Object> schema, FieldLimits limits) {
    if (limits.getMinLength() > 0) {
      schema.put("minLength", limits.getMinLength());
    }
    schema.put("maxLength", limits.getMaxLength() != 0 ? limits.getMaxLength() : ANSWER_BOUND);
  }

  private static void integer(Map<String, Object> schema, String format, FieldLimits limits, long min, long max) {
    schema.put("type", "integer");
    schema.put("format", format);
    schema.put("minimum", limits.hasMinimum() ? limits.getMinimum() : min);
    schema.put("maximum", limits.hasMaximum() ? limits.getMaximum() : max);
  }

  static void describe(Map<String, Object> schema, String description) {
    if (description != null && !description.isBlank()) {
      schema.put("description", description);
    }
  }

  private static String join(String a, String b) {
    return a.isBlank() ? b : b.isBlank() ? a : a + "\n\n" + b;
  }
}
