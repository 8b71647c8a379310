package org.idnet.gateway.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.web.server.adapter.HttpWebHandlerAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class ContentTypeGuardTest {

  private final HttpHandler application = new HttpWebHandlerAdapter(exchange -> Mono.empty());

  /** Found by TranscodingFuzzTest: Spring's own exchange fails on this header, before any handler. */
  @Test
  void contentTypeSpringCannotParseIs415BeforeAnyExchange() {
    assertThatThrownBy(() -> application.handle(request("\"abc\", W/\"def\""), new MockServerHttpResponse()))
        .isInstanceOf(StringIndexOutOfBoundsException.class);

    for (String type : new String[] {"\"abc\", W/\"def\"", "er-1", "/"}) {
      MockServerHttpResponse response = new MockServerHttpResponse();
      ContentTypeGuard.around(application).handle(request(type), response).block(Duration.ofSeconds(5));
      assertThat(response.getStatusCode().value()).as(type).isEqualTo(415);
      assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }
  }

  @Test
  void aMediaTypeOrNoneGoesThrough() {
    for (String type : new String[] {"application/json", "application/json; charset=utf-8", null}) {
      MockServerHttpResponse response = new MockServerHttpResponse();
      ContentTypeGuard.around(application).handle(request(type), response).block(Duration.ofSeconds(5));
      assertThat(response.getStatusCode()).as(type).isNull(); // untouched: the application answered
    }
  }

  private static MockServerHttpRequest request(String contentType) {
    MockServerHttpRequest.BodyBuilder request = MockServerHttpRequest.method(HttpMethod.POST,
        URI.create("http://gateway.test/v1/phone-verifications"));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    // As bytes: body(String) would parse the Content-Type itself.
    return request.body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap("{}".getBytes(StandardCharsets.UTF_8))));
  }
}
