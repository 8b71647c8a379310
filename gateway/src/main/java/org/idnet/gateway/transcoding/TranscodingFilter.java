package org.idnet.gateway.transcoding;

import com.google.protobuf.DynamicMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.idnet.caller.Caller;
import org.idnet.gateway.errors.GrpcProblems;
import org.idnet.gateway.hosted.HostedSessionCaller;
import org.idnet.gateway.errors.Problem;
import org.idnet.gateway.errors.ProblemWriter;
import org.idnet.gateway.errors.Titles;
import org.idnet.gateway.routes.ApiRoute;
import org.idnet.gateway.security.TokenCaller;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * The last filter of every API route: HTTP/JSON in, one gRPC call, JSON out. It ends the filter
 * chain itself (there is no HTTP upstream). Business errors are written here as problems; a
 * backend that does not answer is signalled as {@link BackendFailureException} so that the
 * circuit breaker and retry filters in front of it see it.
 */
public final class TranscodingFilter implements GatewayFilter {

  private final ApiRoute route;
  private final Backend backend;
  private final GrpcInvoker invoker;
  private final RequestTranscoder requests;
  private final ResponseTranscoder responses;
  private final GrpcProblems problems;
  private final int maxBodyBytes;

  public TranscodingFilter(ApiRoute route, Backend backend, GrpcInvoker invoker, RequestTranscoder requests,
      ResponseTranscoder responses, GrpcProblems problems, int maxBodyBytes) {
    this.route = route;
    this.backend = backend;
    this.invoker = invoker;
    this.requests = requests;
    this.responses = responses;
    this.problems = problems;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    ServerHttpResponse response = exchange.getResponse();
    if (request.getHeaders().getContentLength() > maxBodyBytes) {
      return ProblemWriter.write(response, Titles.problem(413));
    }
    if (hasBody(request.getHeaders()) && !isJson(request.getHeaders())) {
      return ProblemWriter.write(response, Problem.of(415, "unsupported-media-type",
          Titles.title(415), "Send the body as application/json."));
    }
    return readBody(request)
        .flatMap(body -> token(exchange).map(Optional::of).defaultIfEmpty(Optional.empty())
            .flatMap(jwt -> {
              Optional<Caller> session = HostedSessionCaller.of(exchange);
              DynamicMessage message = toGrpc(request, body);
              session.ifPresent(caller -> requireInScope(caller, message));
              return invoker.call(backend, route.method(), message,
                  session.orElseGet(() -> jwt.map(TokenCaller::from).orElse(null)),
                  Forwarded.headers(route, request.getHeaders(), jwt.orElse(null)));
            }))
        .flatMap(answer -> writeAnswer(response, answer))
        .onErrorResume(OutsideSessionScope.class, e -> ProblemWriter.write(response, Problem.of(404,
            "account-not-found", Titles.title(404), "No such account.")))
        .onErrorResume(DataBufferLimitException.class, e -> ProblemWriter.write(response, Titles.problem(413)))
        .onErrorResume(Forwarded.PreconditionRequired.class, e -> ProblemWriter.write(response,
            Problem.of(428, "precondition-required", Titles.title(428), e.getMessage())))
        .onErrorResume(InvalidRequestException.class, e -> ProblemWriter.write(response, invalid(e)))
        .onErrorResume(io.grpc.StatusRuntimeException.class, e -> ProblemWriter.write(response, problems.toProblem(e)));
  }

  private DynamicMessage toGrpc(ServerHttpRequest request, byte[] body) {
    Map<String, String> variables = route.path().match(request.getPath().value())
        .orElseThrow(() -> new InvalidRequestException(null, "path does not match " + route.path()))
        .entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> decode(e.getValue()), (a, b) -> a, java.util.LinkedHashMap::new));
    Map<String, List<String>> query = new java.util.LinkedHashMap<>();
    request.getQueryParams().forEach((name, values) -> query.put(name, values.stream()
        .map(v -> v == null ? "" : v).toList()));
    return requests.toRequest(route, body, variables, query);
  }

  /**
   * The gateway's pre-check of a hosted session's scope (docs/pages.md section 3.3): an
   * {@code account_id} in the path or body outside it answers 404 as an unknown account does. The
   * services enforce the scope themselves; this only spares them the call.
   */
  private static void requireInScope(Caller session, DynamicMessage message) {
    var field = message.getDescriptorForType().findFieldByName("account_id");
    if (field != null && field.getType() == com.google.protobuf.Descriptors.FieldDescriptor.Type.STRING
        && !field.isRepeated() && !session.accountScope().contains((String) message.getField(field))) {
      throw new OutsideSessionScope();
    }
  }

  /** An account outside the hosted session's scope: answered 404. */
  private static final class OutsideSessionScope extends RuntimeException {
    OutsideSessionScope() {
      super("outside the session's scope", null, false, false);
    }
  }

  private static String decode(String raw) {
    try {
      return UriUtils.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(null, "malformed percent-encoding in the path");
    }
  }

  private Mono<byte[]> readBody(ServerHttpRequest request) {
    return DataBufferUtils.join(request.getBody(), maxBodyBytes)
        .map(buffer -> {
          byte[] bytes = new byte[buffer.readableByteCount()];
          buffer.read(bytes);
          DataBufferUtils.release(buffer);
          return bytes;
        })
        .defaultIfEmpty(new byte[0]);
  }

  /** The verified token of the request; empty on public routes. */
  private static Mono<Jwt> token(ServerWebExchange exchange) {
    return exchange.getPrincipal()
        .filter(JwtAuthenticationToken.class::isInstance)
        .map(p -> ((JwtAuthenticationToken) p).getToken());
  }

  private Mono<Void> writeAnswer(ServerHttpResponse response, DynamicMessage answer) {
    int status = route.successStatus();
    response.setStatusCode(HttpStatus.valueOf(status));
    response.getHeaders().setCacheControl("no-store");
    route.etagField().map(answer::getField).filter(v -> v instanceof String s && !s.isEmpty())
        .ifPresent(tag -> response.getHeaders().setETag("\"" + tag + "\""));
    if (status == 204) {
      return response.setComplete();
    }
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(responses.toJson(route, answer))));
  }

  private static Problem invalid(InvalidRequestException e) {
    return new Problem(400, e.code(), Titles.title(400), e.getMessage(), e.errors(), null);
  }

  /** Whether a request announces a body (a length above zero, or a chunked transfer). */
  public static boolean hasBody(HttpHeaders headers) {
    return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
  }

  /** Whether the body is declared JSON; a Content-Type that is no media type at all is not (415, not 500). */
  private static boolean isJson(HttpHeaders headers) {
    MediaType type;
    try {
      type = headers.getContentType();
    } catch (InvalidMediaTypeException malformed) {
      return false;
    }
    return type != null && (MediaType.APPLICATION_JSON.isCompatibleWith(type) || type.getSubtype().endsWith("+json"));
  }
}
