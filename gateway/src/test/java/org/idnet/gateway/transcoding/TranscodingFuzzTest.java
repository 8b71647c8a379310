package org.idnet.gateway.transcoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.idnet.caller.CallerMetadata;
import org.idnet.gateway.errors.ContentTypeGuard;
import org.idnet.gateway.errors.GrpcProblems;
import org.idnet.gateway.routes.ApiCatalog;
import org.idnet.gateway.routes.ApiRoute;
import org.idnet.gateway.security.TokenCaller;
import org.idnet.headers.ForwardedHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.server.adapter.HttpWebHandlerAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Fuzzes the JSON-to-gRPC transcoding of every route of the contract (the application's
 * {@link ContentTypeGuard}, WebFlux's exchange, the route's {@link TranscodingFilter}, an in-process
 * service), with the path variables, query, body and headers (Content-Type, Idempotency-Key,
 * If-Match) an outside client chooses:
 * whatever it sends, the answer is the route's success (the backend was called) or a 4xx problem,
 * never an error that would become a 500; and what reaches the service keeps every bound the
 * contract declares and carries exactly the headers the client sent, checked.
 *
 * <p>The input is NUL-separated: the route (a method name such as {@code CheckAccount}; any other
 * text picks a route by its hash), the path variables ({@code |}-separated, inserted as sent, still
 * percent-encoded), the raw query, Content-Type, Idempotency-Key and If-Match (each
 * newline-separated values, one header line each; empty: none), and the body (the rest, as bytes).
 */
class TranscodingFuzzTest {

  static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();

  static final int MAX_BODY = 65536;
  static FuzzBackend backend;
  static List<ApiRoute> routes;
  static final Map<String, TranscodingFilter> filters = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    backend = new FuzzBackend();
    routes = ApiCatalog.load().routes();
    // The harness must reach the service, or the properties of a served request would hold vacuously.
    new TranscodingFuzzTest().anyRequestIsAnsweredWithSuccessOrAClientError(
        "CheckAccount\0user-1\0\0\0\0\0".getBytes(StandardCharsets.UTF_8));
    assertThat(backend.lastRequest).isNotNull();
  }

  @AfterAll
  static void stop() {
    backend.close();
  }

  @FuzzTest
  void anyRequestIsAnsweredWithSuccessOrAClientError(byte[] input) {
    List<byte[]> f = fields(input, 7);
    ApiRoute route = route(text(f.get(0)));
    URI uri;
    try {
      uri = URI.create("http://gateway.test" + path(route, text(f.get(1)))
          + (f.get(2).length == 0 ? "" : "?" + text(f.get(2))));
    } catch (IllegalArgumentException notAnHttpRequest) {
      return; // reactor-netty answers 400 to a request line that is no URI, before any filter
    }
    MockServerHttpRequest.BodyBuilder request = MockServerHttpRequest.method(route.httpMethod(), uri);
    List<String> contentType = headerValues(f.get(3));
    List<String> idempotencyKeys = headerValues(f.get(4));
    List<String> ifMatch = headerValues(f.get(5));
    contentType.forEach(v -> request.header(HttpHeaders.CONTENT_TYPE, v));
    idempotencyKeys.forEach(v -> request.header(IdempotencyKey.HEADER, v));
    ifMatch.forEach(v -> request.header(HttpHeaders.IF_MATCH, v));
    byte[] body = f.get(6);
    request.contentLength(body.length);
    Jwt jwt = route.isPublic() ? null : token(route);
    // As production serves it: the application's guard, WebFlux building the exchange, the
    // security filters' verified token (here given), then the route's transcoding filter. An
    // error escaping the filter would become a 500 there (here: the adapter's own 500).
    HttpHandler application = ContentTypeGuard.around(new HttpWebHandlerAdapter(exchange -> filter(route).filter(
        jwt == null ? exchange : exchange.mutate().principal(Mono.just(TokenCaller.authentication(jwt))).build(),
        e -> Mono.error(new AssertionError("the transcoder ends the chain")))), METERS);
    MockServerHttpResponse response = new MockServerHttpResponse();
    backend.forget();

    application.handle(request.body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body))), response)
        .block(Duration.ofSeconds(5));

    HttpStatusCode status = response.getStatusCode();
    assertThat(status).isNotNull();
    if (backend.lastRequest == null) {
      assertThat(status.is4xxClientError()).as("status %s without calling the service", status).isTrue();
      assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      return;
    }
    assertThat(status.value()).isEqualTo(route.successStatus());
    assertThat(backend.lastMethod).isEqualTo(route.serviceName() + "/" + route.method().getName());
    DynamicMessage sent;
    try {
      sent = DynamicMessage.parseFrom(route.method().getInputType(), backend.lastRequest);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("the service got bytes that are not its request type", e);
    }
    new RequestLimits().check(sent); // every declared bound holds for what reaches the service
    assertThat(values(backend.lastHeaders.getAll(ForwardedHeader.IDEMPOTENCY_KEY.metadataKey())))
        .isEqualTo(idempotencyKeys.isEmpty() ? List.of() : List.of(idempotencyKeys.get(0)));
    if (!idempotencyKeys.isEmpty()) {
      assertThat(idempotencyKeys).hasSize(1);
      assertThat(idempotencyKeys.get(0)).matches("[\\x21-\\x7e]{1,64}");
    }
    if (route.needsIfMatch()) {
      String joined = String.join(",", ifMatch);
      assertThat(joined).isNotBlank().matches("[\\x20-\\x7e]{1,1000}");
      assertThat(values(backend.lastHeaders.getAll(ForwardedHeader.IF_MATCH.metadataKey()))).isEqualTo(List.of(joined));
    } else {
      assertThat(backend.lastHeaders.get(ForwardedHeader.IF_MATCH.metadataKey())).isNull();
    }
    if (jwt != null) {
      assertThat(CallerMetadata.decode(backend.lastHeaders.get(CallerMetadata.CALLER)))
          .isEqualTo(TokenCaller.from(jwt));
    }
  }

  private static TranscodingFilter filter(ApiRoute route) {
    return filters.computeIfAbsent(route.id(), id -> new TranscodingFilter(route, backend.backend(), new GrpcInvoker(),
        new RequestTranscoder(), new ResponseTranscoder(), new GrpcProblems(Set.of(), Set.of()), MAX_BODY));
  }

  private static ApiRoute route(String name) {
    for (ApiRoute route : routes) {
      if (route.method().getName().equals(name)) {
        return route;
      }
    }
    return routes.get(Math.floorMod(name.hashCode(), routes.size()));
  }

  /** The route's template with its variables replaced, in order, by the given raw values. */
  private static String path(ApiRoute route, String variables) {
    String[] values = variables.split("\\|", -1);
    String path = route.path().template();
    for (int i = 0; i < route.path().variables().size(); i++) {
      String value = i < values.length ? values[i] : "x";
      path = path.replaceFirst("\\{[^}]*}", java.util.regex.Matcher.quoteReplacement(value));
    }
    return path;
  }

  /** A verified token as the security filters hand it on: the route's roles, an official of agency-1. */
  private static Jwt token(ApiRoute route) {
    return Jwt.withTokenValue("header.payload.signature").header("alg", "RS256").claim("azp", "client-1")
        .claim("preferred_username", "official-1").claim("agency_id", "agency-1")
        .claim("realm_access", Map.of("roles", route.roles())).build();
  }

  private static List<String> values(Iterable<String> metadata) {
    List<String> out = new ArrayList<>();
    if (metadata != null) {
      metadata.forEach(out::add);
    }
    return out;
  }

  /**
   * Header lines as an HTTP/1.1 server hands them on: bytes read as ISO-8859-1, without the
   * characters that end a header line or that Netty refuses in one.
   */
  private static List<String> headerValues(byte[] field) {
    if (field.length == 0) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String line : new String(field, StandardCharsets.ISO_8859_1).split("\n", -1)) {
      out.add(line.replaceAll("[\\x00\\r\\x0b\\x0c]", "").strip());
    }
    return out;
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The input's NUL-separated fields, {@code count} of them; the last takes the rest of the input. */
  static List<byte[]> fields(byte[] input, int count) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < input.length && out.size() < count - 1; i++) {
      if (input[i] == 0) {
        out.add(Arrays.copyOfRange(input, start, i));
        start = i + 1;
      }
    }
    out.add(Arrays.copyOfRange(input, Math.min(start, input.length), input.length));
    while (out.size() < count) {
      out.add(new byte[0]);
    }
    return out;
  }
}
