package org.idnet.gateway.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.web.server.adapter.HttpWebHandlerAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class ContentTypeGuardTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  /** The Content-Type each request that reached the application had (null: none). */
  private final List<String> reached = new ArrayList<>();
  private final HttpHandler application = new HttpWebHandlerAdapter(exchange -> {
    reached.add(String.valueOf(exchange.getRequest().getHeaders().getFirst(HttpHeaders.CONTENT_TYPE)));
    return Mono.empty();
  });

  /** Found by TranscodingFuzzTest: Spring's own exchange fails on this header, before any handler. */
  @Test
  void contentTypeSpringCannotParseOnABodyIs415BeforeAnyExchangeAndCounted() {
    assertThatThrownBy(() -> application.handle(post("\"abc\", W/\"def\"", "2"), new MockServerHttpResponse()))
        .isInstanceOf(StringIndexOutOfBoundsException.class);

    String[] types = {"\"abc\", W/\"def\"", "er-1", "/"};
    for (String type : types) {
      for (String length : new String[] {"2", null}) {
        MockServerHttpResponse response = new MockServerHttpResponse();
        guarded().handle(post(type, length), response).block(Duration.ofSeconds(5));
        assertThat(response.getStatusCode().value()).as(type).isEqualTo(415);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      }
    }
    assertThat(reached).isEmpty();
    assertThat(meters.counter(ContentTypeGuard.REFUSED).count()).isEqualTo(2.0 * types.length);
  }

  /** A request without a body is not refused for a header it does not need: it goes on without it. */
  @Test
  void contentTypeSpringCannotParseWithoutABodyIsDroppedAndTheRequestGoesOn() {
    for (String length : new String[] {"0", "absent"}) {
      MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("http://gateway.test/v1/accounts/a/verification")
          .header(HttpHeaders.CONTENT_TYPE, "\"abc\", W/\"def\"");
      if (!length.equals("absent")) {
        request.header(HttpHeaders.CONTENT_LENGTH, length);
      }
      MockServerHttpResponse response = new MockServerHttpResponse();
      guarded().handle(request.build(), response).block(Duration.ofSeconds(5));
      assertThat(response.getStatusCode()).as(length).isNull(); // untouched: the application answered
    }
    assertThat(reached).containsExactly("null", "null");
    assertThat(meters.counter(ContentTypeGuard.REFUSED).count()).isZero();
  }

  @Test
  void aMediaTypeOrNoneGoesThrough() {
    for (String type : new String[] {"application/json", "application/json; charset=utf-8", null}) {
      MockServerHttpResponse response = new MockServerHttpResponse();
      guarded().handle(post(type, "2"), response).block(Duration.ofSeconds(5));
      assertThat(response.getStatusCode()).as(type).isNull(); // untouched: the application answered
    }
    assertThat(reached).containsExactly("application/json", "application/json; charset=utf-8", "null");
    assertThat(meters.counter(ContentTypeGuard.REFUSED).count()).isZero();
  }

  private HttpHandler guarded() {
    return ContentTypeGuard.around(application, meters);
  }

  /** A POST with a body, its length in Content-Length or (null) sent chunked. */
  private static MockServerHttpRequest post(String contentType, String length) {
    MockServerHttpRequest.BodyBuilder request = MockServerHttpRequest.method(HttpMethod.POST,
        URI.create("http://gateway.test/v1/phone-verifications"));
    if (contentType != null) {
      request.header(HttpHeaders.CONTENT_TYPE, contentType);
    }
    request.header(length == null ? HttpHeaders.TRANSFER_ENCODING : HttpHeaders.CONTENT_LENGTH,
        length == null ? "chunked" : length);
    // As bytes: body(String) would parse the Content-Type itself.
    return request.body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap("{}".getBytes(StandardCharsets.UTF_8))));
  }
}
