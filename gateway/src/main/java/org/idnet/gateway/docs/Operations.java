package org.idnet.gateway.docs;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.idnet.api.v1.IdempotencyProto;
import org.idnet.api.v1.TagProto;
import org.idnet.gateway.hosted.HostedSessionCaller;
import org.idnet.gateway.routes.ApiRoute;
import org.springframework.http.HttpStatus;

/**
 * One route as an OpenAPI operation: summary and description from the rpc's comment, the tag of
 * its service, its parameters (path variables, and for routes without a body the request's other
 * fields as query parameters, as the transcoder reads them), its body and its answers.
 */
final class Operations {

  static final List<Map<String, Object>> TOKEN = List.of(Map.of("oauth2", List.of()), Map.of("bearer", List.of()));

  private final ProtoComments comments;
  private final Schemas schemas;

  Operations(ProtoComments comments, Schemas schemas) {
    this.comments = comments;
    this.schemas = schemas;
  }

  /** The tag of a service: its {@code (idnet.api.v1.tag)}, else its name in words. */
  static String tag(ServiceDescriptor service) {
    String tag = service.getOptions().getExtension(TagProto.tag);
    if (!tag.isBlank()) {
      return tag;
    }
    String words = service.getName().replaceFirst("Service$", "").replaceAll("(?<=[a-z])(?=[A-Z])", " ");
    return words.charAt(0) + words.substring(1).toLowerCase(java.util.Locale.ROOT);
  }

  /** The OpenAPI path: the template with each variable as its JSON field path. */
  static String path(ApiRoute route) {
    String path = route.path().template().replaceAll("=\\*}", "}");
    for (String variable : route.path().variables()) {
      path = path.replace("{" + variable + "}", "{" + jsonPath(route.method().getInputType(), variable) + "}");
    }
    return path;
  }

  Map<String, Object> of(ApiRoute route) {
    Map<String, Object> op = new LinkedHashMap<>();
    String comment = comments.of(route.method());
    op.put("operationId", route.method().getName());
    op.put("summary", comment.isBlank() ? route.method().getName() : ProtoComments.firstSentence(comment));
    op.put("description", description(route, comment));
    op.put("tags", List.of(tag(route.method().getService())));
    List<Map<String, Object>> parameters = parameters(route);
    if (!parameters.isEmpty()) {
      op.put("parameters", parameters);
    }
    Descriptor input = route.method().getInputType();
    if (!route.body().isEmpty()) {
      boolean whole = "*".equals(route.body());
      Descriptor bodyType = whole ? input : input.findFieldByName(route.body()).getMessageType();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("required", bodyType.getFields().stream().anyMatch(Schemas::isRequiredInRequest));
      body.put("content", Json.obj("application/json", Json.obj("schema",
          schemas.ref(bodyType, whole ? topLevel(route.path().variables()) : List.of()))));
      op.put("requestBody", body);
    }
    op.put("responses", responses(route));
    op.put("security", route.isPublic() ? List.of() : TOKEN);
    op.put("x-grpc-method", route.id());
    op.put("x-roles", route.roles());
    op.put("x-rate-class", route.rateClass());
    return op;
  }

  private static String description(ApiRoute route, String comment) {
    String roles = route.roles().stream().map(r -> "`" + r + "`").collect(Collectors.joining(", "));
    String who = route.isPublic() ? "Public: no token needed; rate-limited per client address."
        : route.roles().size() == 1 ? "Needs a token with the role " + roles + "."
        : "Needs a token with one of the roles " + roles + ".";
    String hosted = route.hosted() ? " idnet's own pages may also call it within a hosted verification session"
        + " (`" + HostedSessionCaller.ROLE + "` and the `" + HostedSessionCaller.HEADER + "` header), as the session's"
        + " platform, counted in that platform's limits." : "";
    return (comment.isBlank() ? "" : comment + "\n\n") + who + hosted + " Rate-limit class `" + route.rateClass() + "`.";
  }

  private List<Map<String, Object>> parameters(ApiRoute route) {
    Descriptor input = route.method().getInputType();
    List<Map<String, Object>> parameters = new ArrayList<>();
    for (String variable : route.path().variables()) {
      parameters.add(parameter(jsonPath(input, variable), "path", true, field(input, variable)));
    }
    if (route.body().isEmpty()) {
      for (FieldDescriptor field : input.getFields()) {
        if (!route.path().variables().contains(field.getName()) && isQueryable(field)) {
          parameters.add(parameter(field.getJsonName(), "query", Schemas.isRequiredInRequest(field), field));
        }
      }
    }
    if (route.method().getOptions().getExtension(IdempotencyProto.idempotencyKey)) {
      parameters.add(Json.obj("name", "Idempotency-Key", "in", "header", "required", false,
          "description", "Makes a retry safe: a repeat by the same caller with the same key and body within 24 h"
              + " answers the first response and creates nothing; the same key with another body is refused (422"
              + " `idempotency-key-reused`).",
          "schema", Json.obj("type", "string", "minLength", 1, "maxLength", 64, "pattern", "^[!-~]+$")));
    }
    if (route.hosted()) {
      parameters.add(Json.obj("name", HostedSessionCaller.HEADER, "in", "header", "required", false,
          "description", "Sent only by idnet's own pages (a token with `" + HostedSessionCaller.ROLE + "`), which call"
              + " this route for a platform within a hosted verification session: `<session id>.<session secret>` as"
              + " `POST /v1/hosted-sessions/openings` answered them. The call then counts as the session's platform's,"
              + " for the session's account (and the guardian it names) only, within the session's own limits. The"
              + " pages' token without it: 403 `session-required`; malformed, unknown, wrong secret, expired or"
              + " finished: 401 `invalid-session`; another account than the session's: 404 `account-not-found`;"
              + " the session's attempts spent: 429 `session-limit-reached`. A platform's own token ignores it.",
          "schema", sessionSchema()));
    } else if (route.roles().contains(HostedSessionCaller.ROLE) && route.path().variables().contains("session_id")) {
      parameters.add(Json.obj("name", HostedSessionCaller.HEADER, "in", "header", "required", true,
          "description", "The session this call acts on, `<session id>.<session secret>` as `POST"
              + " /v1/hosted-sessions/openings` answered them; its id must be the path's. Missing, malformed, another"
              + " session's or a wrong secret: 404 `hosted-session-not-found`, as an unknown session.",
          "schema", sessionSchema()));
    }
    if (route.needsIfMatch()) {
      parameters.add(Json.obj("name", "If-Match", "in", "header", "required", true,
          "description", "The ETag of the resource as last read (strong, quoted: `\"<digest>\"`): the call acts on"
              + " that version and no other. Missing: 428 `precondition-required`; another version: 412"
              + " `precondition-failed`.",
          "schema", Json.obj("type", "string", "minLength", 1, "maxLength", 1000, "pattern", "^[ -~]+$")));
    }
    return parameters;
  }

  /** An {@code Idnet-Session} value: {@code vs_} and 22 characters, a dot, a 43-character base64url secret. */
  private static Map<String, Object> sessionSchema() {
    return Json.obj("type", "string", "minLength", 69, "maxLength", 69,
        "pattern", "^vs_[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}$");
  }

  private Map<String, Object> parameter(String name, String in, boolean required, FieldDescriptor field) {
    Map<String, Object> schema = schemas.field(field);
    Map<String, Object> parameter = new LinkedHashMap<>();
    parameter.put("name", name);
    parameter.put("in", in);
    parameter.put("required", required);
    Object description = schema.remove("description");
    if (description != null) {
      parameter.put("description", description);
    }
    parameter.put("schema", schema);
    return parameter;
  }

  /** Scalars, enums and times can be query parameters; nested messages cannot. */
  private static boolean isQueryable(FieldDescriptor field) {
    if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
      return true;
    }
    String type = field.getMessageType().getFullName();
    return !field.isRepeated() && (type.equals("google.protobuf.Timestamp") || type.equals("google.protobuf.Duration"));
  }

  private Map<String, Object> responses(ApiRoute route) {
    Map<String, Object> responses = new LinkedHashMap<>();
    int status = route.successStatus();
    Map<String, Object> success = new LinkedHashMap<>();
    success.put("description", HttpStatus.valueOf(status).getReasonPhrase() + "."
        + (comments.of(answerType(route)).isBlank() ? "" : " " + comments.of(answerType(route))));
    Map<String, Object> headers = Answers.rateLimited();
    if (route.etagField().isPresent()) {
      headers.put("ETag", Answers.ref("headers", "ETag"));
    }
    success.put("headers", headers);
    if (status != 204) {
      success.put("content", Json.obj("application/json", Json.obj("schema", answer(route))));
    }
    responses.put(Integer.toString(status), success);
    responses.put("400", Answers.ref("responses", "BadRequest"));
    responses.put("401", Answers.ref("responses", "Unauthorized"));
    if (!route.isPublic()) {
      responses.put("403", Answers.ref("responses", "Forbidden"));
    }
    if (!route.path().variables().isEmpty() || route.hosted()) {
      responses.put("404", Answers.ref("responses", "NotFound"));
    }
    if (!route.body().isEmpty()) {
      responses.put("413", Answers.ref("responses", "PayloadTooLarge"));
      responses.put("415", Answers.ref("responses", "UnsupportedMediaType"));
    }
    if (route.needsIfMatch()) {
      responses.put("412", Answers.ref("responses", "PreconditionFailed"));
      responses.put("428", Answers.ref("responses", "PreconditionRequired"));
    }
    responses.put("429", Answers.ref("responses", "TooManyRequests"));
    responses.put("500", Answers.ref("responses", "InternalError"));
    responses.put("503", Answers.ref("responses", "ServiceUnavailable"));
    responses.put("default", Answers.ref("responses", "OtherProblem"));
    return responses;
  }

  private static Descriptor answerType(ApiRoute route) {
    Descriptor output = route.method().getOutputType();
    return route.responseBody().isEmpty() ? output : output.findFieldByName(route.responseBody()).getMessageType();
  }

  private Map<String, Object> answer(ApiRoute route) {
    Descriptor output = route.method().getOutputType();
    if (route.responseBody().isEmpty()) {
      return schemas.ref(output, List.of());
    }
    FieldDescriptor field = output.findFieldByName(route.responseBody());
    Map<String, Object> schema = schemas.field(field);
    schema.remove("description");
    return schema;
  }

  private static List<String> topLevel(List<String> variables) {
    return variables.stream().filter(v -> !v.contains(".")).toList();
  }

  private static FieldDescriptor field(Descriptor type, String path) {
    FieldDescriptor field = null;
    for (String name : path.split("\\.")) {
      field = type.findFieldByName(name);
      if (field == null) {
        throw new IllegalStateException(type.getFullName() + " has no field " + path);
      }
      type = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? field.getMessageType() : null;
    }
    return field;
  }

  private static String jsonPath(Descriptor type, String path) {
    List<String> names = new ArrayList<>();
    for (String name : path.split("\\.")) {
      FieldDescriptor field = type.findFieldByName(name);
      names.add(field.getJsonName());
      type = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? field.getMessageType() : null;
    }
    return String.join(".", names);
  }
}
