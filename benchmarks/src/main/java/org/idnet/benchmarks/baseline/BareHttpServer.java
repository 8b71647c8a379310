package org.idnet.benchmarks.baseline;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * B_http of quality.md: a bare reactor-netty HTTP server answering every request with one fixed
 * body (the benchmark passes a body of the size of a real verify-account answer). Reactor-netty's
 * defaults, as the gateway has them; nothing else on the path.
 */
public final class BareHttpServer {

  private BareHttpServer() {
  }

  /** Serves until the process is stopped. */
  public static void serve(int port, byte[] body) {
    String length = Integer.toString(body.length);
    DisposableServer server = HttpServer.create()
        .port(port)
        .handle((request, response) -> response
            .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
            .header(HttpHeaderNames.CONTENT_LENGTH, length)
            .sendByteArray(Mono.just(body)))
        .bindNow();
    System.out.println("bare reactor-netty HTTP server on port " + server.port());
    server.onDispose().block();
  }
}
