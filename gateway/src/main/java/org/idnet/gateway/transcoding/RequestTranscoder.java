package org.idnet.gateway.transcoding;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.idnet.gateway.routes.ApiRoute;

/**
 * Builds the gRPC request of a route from the JSON body, the query parameters and the path
 * variables, in that order (a path variable wins over the same field in the body). Values are
 * converted by protobuf's own JSON mapping, so a number field given "abc" is refused the same way
 * in a body and in a query; unknown fields and parameters are refused (no mass assignment), and so
 * is a value beyond a bound the proto declares ({@link RequestLimits}).
 */
public final class RequestTranscoder {

  private static final JsonFormat.Parser PARSER = JsonFormat.parser();

  private final RequestLimits limits = new RequestLimits();

  public DynamicMessage toRequest(ApiRoute route, byte[] body, Map<String, String> pathVariables,
      Map<String, List<String>> query) {
    Descriptor type = route.method().getInputType();
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
    mergeBody(route, builder, body);
    if (!query.isEmpty() && "*".equals(route.body())) {
      throw new InvalidRequestException(query.keySet().iterator().next(), "query parameters are not accepted on this route");
    }
    query.forEach((name, values) -> {
      if (boundByPath(route, type, name)) {
        throw new InvalidRequestException(name, "is given by the path, not as a query parameter");
      }
      setField(builder, name, values, true);
    });
    pathVariables.forEach((path, value) -> setField(builder, path, List.of(value), false));
    DynamicMessage request = builder.build();
    limits.check(request);
    return request;
  }

  private static void mergeBody(ApiRoute route, DynamicMessage.Builder builder, byte[] body) {
    String json = new String(body, StandardCharsets.UTF_8).strip();
    if (route.body().isEmpty()) {
      if (!json.isEmpty()) {
        throw new InvalidRequestException(null, "this route takes no request body");
      }
      return;
    }
    if (json.isEmpty()) {
      return;
    }
    if (!json.startsWith("{")) {
      throw new InvalidRequestException(null, "the request body must be a JSON object");
    }
    try {
      if ("*".equals(route.body())) {
        PARSER.merge(json, builder);
      } else {
        FieldDescriptor field = builder.getDescriptorForType().findFieldByName(route.body());
        Message.Builder sub = builder.newBuilderForField(field);
        PARSER.merge(json, sub);
        builder.setField(field, sub.build());
      }
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidRequestException(fieldNamedIn(e.getMessage()), describe(e));
    }
  }

  /** Sets a (possibly nested, possibly repeated) field from text, through the JSON mapping. */
  private static void setField(DynamicMessage.Builder root, String path, List<String> values, boolean fromQuery) {
    String[] names = path.split("\\.", -1);
    // ".", "a." or "a..b" name no field (split would drop the empty parts, or leave none at all).
    if (Arrays.stream(names).anyMatch(String::isEmpty)) {
      throw new InvalidRequestException(path, "unknown parameter");
    }
    Message.Builder target = root;
    for (int i = 0; i < names.length - 1; i++) {
      FieldDescriptor f = find(target.getDescriptorForType(), names[i], path);
      if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || f.isRepeated()) {
        throw new InvalidRequestException(path, "unknown parameter");
      }
      target = target.getFieldBuilder(f);
    }
    FieldDescriptor field = find(target.getDescriptorForType(), names[names.length - 1], path);
    if (!field.isRepeated() && values.size() > 1) {
      throw new InvalidRequestException(field.getJsonName(), "given more than once");
    }
    if (fromQuery && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !isWellKnownScalar(field)) {
      throw new InvalidRequestException(field.getJsonName(), "cannot be given as a query parameter");
    }
    if (!field.isRepeated() && field.getType() == FieldDescriptor.Type.STRING) {
      // What the JSON mapping would make of the quoted text: the text itself (no parser per request).
      target.setField(field, values.get(0));
      return;
    }
    target.clearField(field);
    StringBuilder json = new StringBuilder("{\"").append(field.getJsonName()).append("\":");
    if (field.isRepeated()) {
      json.append('[');
      for (int i = 0; i < values.size(); i++) {
        json.append(i == 0 ? "" : ",").append(literal(field, values.get(i)));
      }
      json.append(']');
    } else {
      json.append(literal(field, values.get(0)));
    }
    json.append('}');
    try {
      PARSER.merge(json.toString(), target);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidRequestException(field.getJsonName(), "has an invalid value");
    }
  }

  private static boolean boundByPath(ApiRoute route, Descriptor type, String name) {
    for (String variable : route.path().variables()) {
      FieldDescriptor field = type.findFieldByName(variable);
      if (variable.equals(name) || field != null && field.getJsonName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static FieldDescriptor find(Descriptor type, String name, String path) {
    FieldDescriptor f = type.findFieldByName(name);
    if (f == null) {
      f = type.getFields().stream().filter(c -> c.getJsonName().equals(name)).findFirst().orElse(null);
    }
    if (f == null) {
      throw new InvalidRequestException(path, "unknown parameter");
    }
    return f;
  }

  private static boolean isWellKnownScalar(FieldDescriptor field) {
    String name = field.getMessageType().getFullName();
    return name.equals("google.protobuf.Timestamp") || name.equals("google.protobuf.Duration");
  }

  /** The text as a JSON string: protobuf's JSON mapping reads numbers, booleans and enums from strings too, and checks them. */
  private static String literal(FieldDescriptor field, String value) {
    return quote(value);
  }

  private static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static String fieldNamedIn(String message) {
    if (message == null) {
      return null;
    }
    var m = java.util.regex.Pattern.compile("field name: ([A-Za-z0-9_]+)|Cannot find field: ([A-Za-z0-9_]+)").matcher(message);
    if (m.find()) {
      return m.group(1) != null ? m.group(1) : m.group(2);
    }
    return null;
  }

  /** Protobuf's parser messages are precise but may echo input values; keep only their shape. */
  private static String describe(InvalidProtocolBufferException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.startsWith("Cannot find field")) {
      return "unknown field";
    }
    if (message.contains("Expect") || message.contains("Invalid") || message.contains("Not a")
        || message.contains("Couldn't parse") || message.contains("Failed to parse")) {
      return "a field has a value of the wrong type or format";
    }
    return "the request body is not valid JSON for this route";
  }
}
