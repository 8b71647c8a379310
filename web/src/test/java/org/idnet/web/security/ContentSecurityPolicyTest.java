package org.idnet.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/** The per-answer {@code form-action} hook hosted pages (return origin) and the console (issuer) use. */
class ContentSecurityPolicyTest {

  @Test
  void addedOriginsJoinFormActionOnlyForThatAnswer() {
    MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/verify"));
    ContentSecurityPolicy.allowFormAction(exchange, "https://platform-a.example");
    ContentSecurityPolicy.allowFormAction(exchange, "http://localhost:8088");
    ContentSecurityPolicy.allowFormAction(exchange, "https://platform-a.example");
    assertThat(ContentSecurityPolicy.header(exchange)).isEqualTo("default-src 'none'; style-src 'self'; img-src 'self'; "
        + "form-action 'self' https://platform-a.example http://localhost:8088; frame-ancestors 'none'; base-uri 'none'");
    MockServerWebExchange other = MockServerWebExchange.from(MockServerHttpRequest.get("/transparency"));
    assertThat(ContentSecurityPolicy.header(other)).contains("form-action 'self';");
  }

  @Test
  void onlyBareOriginsAreAccepted() {
    MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/verify"));
    for (String bad : new String[] {"https://a.example; script-src *", "*", "https://a.example/return",
        "'unsafe-inline'", "javascript:alert(1)", "https://a.example 'self'", "data:", null}) {
      assertThatThrownBy(() -> ContentSecurityPolicy.allowFormAction(exchange, bad)).as(String.valueOf(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(ContentSecurityPolicy.header(exchange)).contains("form-action 'self';");
  }
}
