package org.idnet.gateway.errors;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/**
 * Answers 415 to a request whose Content-Type is no media type, before WebFlux builds its exchange.
 * Spring (7.0.8) parses the header while building every exchange and, for some values (such as
 * {@code "abc", W/"def"}), fails with a StringIndexOutOfBoundsException instead of its own
 * InvalidMediaTypeException; that escapes every exception handler and reactor-netty drops the
 * connection without an answer. Found by TranscodingFuzzTest. Installed around the whole
 * application (GatewayConfiguration), so no filter or handler ever meets such a header.
 */
public final class ContentTypeGuard implements HttpHandler {

  private final HttpHandler next;

  private ContentTypeGuard(HttpHandler next) {
    this.next = next;
  }

  public static HttpHandler around(HttpHandler next) {
    return new ContentTypeGuard(next);
  }

  @Override
  public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
    try {
      request.getHeaders().getContentType();
    } catch (RuntimeException notAMediaType) {
      return ProblemWriter.write(response, Problem.of(415, "unsupported-media-type", Titles.title(415),
          "The Content-Type header is not a media type; send the body as application/json."));
    }
    return next.handle(request, response);
  }
}
