package org.idnet.gateway.transcoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.idnet.gateway.errors.GrpcProblems;
import org.idnet.gateway.routes.ApiCatalog;
import org.idnet.gateway.routes.ApiRoute;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class TranscodingFilterTest {

  /**
   * Found by TranscodingFuzzTest: "er-1" made the filter's own read of the Content-Type throw, a 500.
   * (In the gateway ContentTypeGuard answers first; the filter must not depend on it.)
   */
  @Test
  void aBodyWhoseContentTypeIsNoMediaTypeIs415() {
    ApiRoute route = ApiCatalog.load().routes().stream()
        .filter(r -> r.method().getName().equals("CreatePhoneVerification")).findFirst().orElseThrow();
    try (FuzzBackend backend = new FuzzBackend()) {
      TranscodingFilter filter = new TranscodingFilter(route, backend.backend(), new GrpcInvoker(),
          new RequestTranscoder(), new ResponseTranscoder(), new GrpcProblems(Set.of(), Set.of()), 65536);
      MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest
          .method(HttpMethod.POST, URI.create("http://gateway.test/v1/phone-verifications"))
          .header("Content-Type", "er-1").contentLength(2)
          .body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap("{}".getBytes(StandardCharsets.UTF_8)))));

      filter.filter(exchange, e -> Mono.empty()).block(Duration.ofSeconds(5));

      assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(415);
      assertThat(backend.lastRequest).isNull();
    }
  }
}
