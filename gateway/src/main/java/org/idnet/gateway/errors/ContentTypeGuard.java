package org.idnet.gateway.errors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/**
 * Keeps a Content-Type that is no media type away from WebFlux, which parses the header while
 * building every exchange and, for some values (such as {@code "abc", W/"def"}), fails (7.0.8)
 * with a StringIndexOutOfBoundsException instead of its own InvalidMediaTypeException; that escapes
 * every exception handler and reactor-netty drops the connection without an answer. Found by
 * TranscodingFuzzTest. Installed around the whole application (GatewayConfiguration).
 *
 * <p>A request with a body (Content-Length other than 0, or Transfer-Encoding) is answered 415
 * here, before authentication, rate limits and the access log, and counted
 * ({@value #REFUSED}): its body cannot be read as anything. A request without a body carries the
 * header for nothing: the header is dropped and the request goes on to be authenticated, limited,
 * logged and answered as any other (a GET is not refused for a header it did not need).
 */
public final class ContentTypeGuard implements HttpHandler {

  /** The counter of requests refused here. */
  public static final String REFUSED = "idnet.gateway.content.type.refused";

  private final HttpHandler next;
  private final Counter refused;

  private ContentTypeGuard(HttpHandler next, Counter refused) {
    this.next = next;
    this.refused = refused;
  }

  public static HttpHandler around(HttpHandler next, MeterRegistry meters) {
    return new ContentTypeGuard(next, Counter.builder(REFUSED)
        .description("Requests with a body whose Content-Type is no media type, answered 415 before the application")
        .register(meters));
  }

  @Override
  public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
    if (isAMediaTypeOrNone(request.getHeaders())) {
      return next.handle(request, response);
    }
    if (!carriesABody(request.getHeaders())) {
      return next.handle(request.mutate().headers(headers -> headers.remove(HttpHeaders.CONTENT_TYPE)).build(),
          response);
    }
    refused.increment();
    return ProblemWriter.write(response, Problem.of(415, "unsupported-media-type", Titles.title(415),
        "The Content-Type header is not a media type; send the body as application/json."));
  }

  private static boolean isAMediaTypeOrNone(HttpHeaders headers) {
    try {
      headers.getContentType();
      return true;
    } catch (RuntimeException notAMediaType) {
      return false;
    }
  }

  /** Read without parsing: a Content-Length that is no number is no reason to skip the 415. */
  static boolean carriesABody(HttpHeaders headers) {
    String length = headers.getFirst(HttpHeaders.CONTENT_LENGTH);
    return headers.getFirst(HttpHeaders.TRANSFER_ENCODING) != null || (length != null && !length.strip().equals("0"));
  }
}
