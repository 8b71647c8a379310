package org.idnet.gateway.docs;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idnet.gateway.routes.ApiRoute;

/**
 * The OpenAPI 3.1 document of the routes this gateway serves, generated from the same proto
 * descriptors and HTTP rules that drive the routing, so the two cannot drift apart.
 */
public final class OpenApiDocument {

  private OpenApiDocument() {
  }

  public static Map<String, Object> of(List<ApiRoute> routes) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.1.0");
    doc.put("info", Map.of("title", "idnet API", "version", "v1",
        "description", "REST/JSON face of idnet's gRPC contract (proto/). Errors are application/problem+json."));
    Map<String, Object> paths = new LinkedHashMap<>();
    Map<String, Object> schemas = new LinkedHashMap<>();
    for (ApiRoute route : routes) {
      String path = route.path().template().replaceAll("\\{([a-z_.]+)(=\\*)?}", "{$1}");
      @SuppressWarnings("unchecked")
      Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(path, p -> new LinkedHashMap<>());
      item.put(route.httpMethod().name().toLowerCase(java.util.Locale.ROOT), operation(route, schemas));
    }
    doc.put("paths", paths);
    schemas.put("Problem", Map.of("type", "object", "properties", Map.of(
        "type", Map.of("type", "string"), "title", Map.of("type", "string"), "status", Map.of("type", "integer"),
        "detail", Map.of("type", "string"), "code", Map.of("type", "string"),
        "errors", Map.of("type", "array", "items", Map.of("type", "object", "properties",
            Map.of("field", Map.of("type", "string"), "message", Map.of("type", "string")))))));
    doc.put("components", Map.of(
        "schemas", schemas,
        "securitySchemes", Map.of("oauth2", Map.of("type", "oauth2", "description",
            "Client credentials from the idnet OIDC issuer; roles from realm_access.roles.",
            "flows", Map.of("clientCredentials", Map.of("tokenUrl", "/realms/idnet/protocol/openid-connect/token", "scopes", Map.of()))))));
    return doc;
  }

  private static Map<String, Object> operation(ApiRoute route, Map<String, Object> schemas) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("operationId", route.method().getName());
    op.put("tags", List.of(route.serviceName()));
    op.put("x-grpc-method", route.id());
    op.put("x-roles", route.roles());
    op.put("security", route.isPublic() ? List.of() : List.of(Map.of("oauth2", List.of())));
    op.put("parameters", route.path().variables().stream()
        .map(v -> Map.of("name", v, "in", "path", "required", true, "schema", Map.of("type", "string"))).toList());
    Descriptor input = route.method().getInputType();
    if (!route.body().isEmpty()) {
      Descriptor bodyType = "*".equals(route.body()) ? input : input.findFieldByName(route.body()).getMessageType();
      op.put("requestBody", Map.of("required", true, "content",
          Map.of("application/json", Map.of("schema", ref(bodyType, schemas, route.path().variables())))));
    }
    Descriptor output = route.method().getOutputType();
    Object answer;
    if (route.responseBody().isEmpty()) {
      answer = ref(output, schemas, List.of());
    } else {
      FieldDescriptor field = output.findFieldByName(route.responseBody());
      answer = field.isRepeated()
          ? Map.of("type", "array", "items", ref(field.getMessageType(), schemas, List.of()))
          : ref(field.getMessageType(), schemas, List.of());
    }
    Map<String, Object> responses = new LinkedHashMap<>();
    int status = route.successStatus();
    responses.put(Integer.toString(status), status == 204 ? Map.of("description", "done")
        : Map.of("description", "success", "content", Map.of("application/json", Map.of("schema", answer))));
    responses.put("default", Map.of("description", "problem", "content",
        Map.of("application/problem+json", Map.of("schema", Map.of("$ref", "#/components/schemas/Problem")))));
    op.put("responses", responses);
    return op;
  }

  private static Map<String, Object> ref(Descriptor type, Map<String, Object> schemas, List<String> pathVariables) {
    String name = type.getName();
    if (!pathVariables.isEmpty()) {
      name = name + "Body";
    }
    if (!schemas.containsKey(name)) {
      schemas.put(name, Map.of());
      Map<String, Object> properties = new LinkedHashMap<>();
      for (FieldDescriptor field : type.getFields()) {
        if (!pathVariables.contains(field.getName())) {
          properties.put(field.getJsonName(), field.isRepeated()
              ? Map.of("type", "array", "items", schema(field, schemas)) : schema(field, schemas));
        }
      }
      schemas.put(name, Map.of("type", "object", "additionalProperties", false, "properties", properties));
    }
    return Map.of("$ref", "#/components/schemas/" + name);
  }

  private static Object schema(FieldDescriptor field, Map<String, Object> schemas) {
    return switch (field.getJavaType()) {
      case STRING -> Map.of("type", "string");
      case INT -> Map.of("type", "integer", "format", "int32");
      case LONG -> Map.of("type", "string", "format", "int64");
      case FLOAT, DOUBLE -> Map.of("type", "number");
      case BOOLEAN -> Map.of("type", "boolean");
      case BYTE_STRING -> Map.of("type", "string", "format", "byte");
      case ENUM -> Map.of("type", "string", "enum", field.getEnumType().getValues().stream()
          .map(EnumValueDescriptor::getName).filter(n -> !n.endsWith("_UNSPECIFIED")).toList());
      case MESSAGE -> switch (field.getMessageType().getFullName()) {
        case "google.protobuf.Timestamp" -> Map.of("type", "string", "format", "date-time");
        case "google.protobuf.Duration" -> Map.of("type", "string");
        default -> ref(field.getMessageType(), schemas, List.of());
      };
    };
  }
}
