package org.idnet.gateway.docs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.http.HttpHeaders;

/**
 * The answers every route shares, as the gateway really gives them: problem+json refusals with a
 * stable {@code code}, and the token-bucket headers of Spring Cloud Gateway's RedisRateLimiter on
 * every answer to a request that reached the rate limiter (the success and the refusals after it,
 * 429 included). 401 and 403 come from the token check, before any bucket is counted: they carry
 * no rate-limit headers, so the document declares none there.
 */
final class Answers {

  static final String PROBLEM_JSON = "application/problem+json";
  /** Problems carry texts of the services' gRPC errors, which arrive in at most 8 KiB of metadata. */
  static final int PROBLEM_TEXT_BOUND = 8192;

  static final List<String> RATE_LIMIT_HEADERS = List.of(RedisRateLimiter.REMAINING_HEADER,
      RedisRateLimiter.BURST_CAPACITY_HEADER, RedisRateLimiter.REPLENISH_RATE_HEADER,
      RedisRateLimiter.REQUESTED_TOKENS_HEADER);

  private Answers() {
  }

  /** {@code components.headers}. */
  static Map<String, Object> headers() {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put(RedisRateLimiter.REMAINING_HEADER, header("Tokens left in the client's bucket for this route's rate class"
        + " after this request, as the answering gateway knows it (gateways take tokens in batches, so requests"
        + " served by other gateways meanwhile may not be counted in it yet). -1 when the rate limiter's store was unreachable and the request passed unlimited"
        + " (general limits fail open; the services' one-time-code limits do not).", -1, Schemas.MAX_SAFE_INTEGER, true));
    headers.put(RedisRateLimiter.BURST_CAPACITY_HEADER, header("Tokens the bucket holds at most: the largest burst.",
        1, Schemas.MAX_SAFE_INTEGER, true));
    headers.put(RedisRateLimiter.REPLENISH_RATE_HEADER, header("Tokens added to the bucket per second.",
        1, Integer.MAX_VALUE, true));
    headers.put(RedisRateLimiter.REQUESTED_TOKENS_HEADER, header("Tokens one request takes (above 1 for limits under one"
        + " request a second: 60 tokens at 1 a second is one request a minute).", 1, Integer.MAX_VALUE, true));
    headers.put(HttpHeaders.RETRY_AFTER, header("Seconds to wait before trying again.", 1, Integer.MAX_VALUE, true));
    headers.put(HttpHeaders.ETAG, Json.obj("description", "The version of the resource answered (strong entity tag,"
        + " quoted): send it back as If-Match to act on exactly this version.", "required", true,
        "schema", Json.obj("type", "string", "maxLength", 66, "pattern", "^\"[0-9a-f]{64}\"$")));
    return headers;
  }

  private static Map<String, Object> header(String description, long min, long max, boolean required) {
    return Json.obj("description", description, "required", required, "schema", Json.obj("type", "integer",
        "format", max > Integer.MAX_VALUE ? "int64" : "int32", "minimum", min, "maximum", max));
  }

  /** The rate-limit headers of an answer to a request that reached the limiter. */
  static Map<String, Object> rateLimited() {
    Map<String, Object> headers = new LinkedHashMap<>();
    RATE_LIMIT_HEADERS.forEach(name -> headers.put(name, ref("headers", name)));
    return headers;
  }

  /** {@code components.responses}: the refusals, by name. */
  static Map<String, Object> responses() {
    Map<String, Object> responses = new LinkedHashMap<>();
    responses.put("BadRequest", problem("The request breaks the contract: malformed JSON, an unknown field or"
        + " parameter (nothing can be set by mass assignment), a value of the wrong type or beyond a declared limit"
        + " (`errors` names each field), or a value the service refuses.", rateLimited()));
    responses.put("Unauthorized", problem("No bearer token, or one that is not valid: wrong issuer or audience,"
        + " expired, not signed with the issuer's key (RS256 or ES256). On a route that carries an official's"
        + " authority the service checks the token again as evidence: `evidence-refused` when it was no longer"
        + " valid there (e.g. it expired in between); send the request again with a fresh token.", Json.obj()));
    responses.put("Forbidden", problem("The token is valid but carries none of the route's roles, or the service"
        + " refuses this caller (e.g. a supervisor approving a request they filed).", Json.obj()));
    responses.put("NotFound", problem("No such resource for this caller. Another platform's or agency's id answers"
        + " exactly like an unknown one.", rateLimited()));
    responses.put("PayloadTooLarge", problem("The body is larger than the gateway accepts (64 KiB unless configured"
        + " otherwise).", rateLimited()));
    responses.put("UnsupportedMediaType", problem("The body is not `application/json`.", rateLimited()));
    Map<String, Object> limited = rateLimited();
    limited.put(HttpHeaders.RETRY_AFTER, ref("headers", HttpHeaders.RETRY_AFTER));
    responses.put("TooManyRequests", problem("The client's bucket for this route's rate class is empty, or a"
        + " service limit was reached (sends, checks); retry after `Retry-After` seconds.", limited));
    responses.put("PreconditionFailed", problem("If-Match names another version of the resource than the current"
        + " one (`precondition-failed`): read it again and act on what it says now.", rateLimited()));
    responses.put("PreconditionRequired", problem("The route needs If-Match with the resource's ETag"
        + " (`precondition-required`), so that exactly the version read is acted on.", rateLimited()));
    responses.put("InternalError", problem("An unexpected failure; the answer says nothing more.", Json.obj()));
    responses.put("ServiceUnavailable", problem("The service is unavailable or failing, or could not fetch the"
        + " issuer's keys to check an official's token (`keys-unavailable`); while its circuit breaker is open, and"
        + " for `keys-unavailable`, the answer carries `Retry-After`.", Json.obj(HttpHeaders.RETRY_AFTER,
        header("Seconds to wait: sent while the service's circuit breaker is open and with `keys-unavailable`.", 1,
            Integer.MAX_VALUE, false))));
    responses.put("OtherProblem", problem("Any other refusal, with a stable `code`: 409 conflict (e.g."
        + " `verification-closed`), 410 gone (`package-expired`), 422 unprocessable (e.g. `identity-not-confirmed`,"
        + " `fields-not-permitted`), 504 when the service did not answer in time.", Json.obj()));
    return responses;
  }

  private static Map<String, Object> problem(String description, Map<String, Object> headers) {
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("description", description);
    if (!headers.isEmpty()) {
      response.put("headers", headers);
    }
    response.put("content", Json.obj(PROBLEM_JSON, Json.obj("schema", ref("schemas", "Problem"))));
    return response;
  }

  static Map<String, Object> ref(String kind, String name) {
    return Json.obj("$ref", "#/components/" + kind + "/" + name);
  }

  /** {@code components.schemas.Problem} and its {@code FieldError}. */
  static Map<String, Object> problemSchemas() {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "object");
    problem.put("description", "An RFC 9457 problem. `code` is a stable machine word to act on; `detail` is for"
        + " people and never carries a stack trace or personal data.");
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("type", Json.obj("type", "string", "format", "uri", "maxLength", PROBLEM_TEXT_BOUND,
        "description", "https://idnet.org/problems/ followed by the code."));
    properties.put("title", Json.obj("type", "string", "maxLength", 64, "description", "The HTTP status's reason phrase."));
    properties.put("status", Json.obj("type", "integer", "format", "int32", "minimum", 400, "maximum", 599));
    properties.put("detail", Json.obj("type", "string", "maxLength", PROBLEM_TEXT_BOUND));
    properties.put("code", Json.obj("type", "string", "maxLength", PROBLEM_TEXT_BOUND,
        "description", "e.g. `invalid-request`, `invalid-phone-number`, `rate-limited`, `verification-closed`."));
    properties.put("errors", Json.obj("type", "array", "maxItems", PROBLEM_TEXT_BOUND / 2,
        "description", "For invalid input: each field at fault.", "items", ref("schemas", "FieldError")));
    problem.put("properties", properties);
    problem.put("required", List.of("type", "title", "status", "detail", "code"));
    Map<String, Object> fieldError = new LinkedHashMap<>();
    fieldError.put("type", "object");
    fieldError.put("properties", Json.obj(
        "field", Json.obj("type", "string", "maxLength", PROBLEM_TEXT_BOUND,
            "description", "The JSON name of the field, parameter or header, e.g. `accountIds[3]`."),
        "message", Json.obj("type", "string", "maxLength", PROBLEM_TEXT_BOUND)));
    fieldError.put("required", List.of("field", "message"));
    return Json.obj("Problem", problem, "FieldError", fieldError);
  }
}
