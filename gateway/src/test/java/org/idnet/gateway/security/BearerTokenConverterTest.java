package org.idnet.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

class BearerTokenConverterTest {

  private final BearerTokenConverter converter = new BearerTokenConverter();

  private reactor.core.publisher.Mono<Authentication> convert(String authorization) {
    MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/v1/x");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return converter.convert(MockServerWebExchange.from(request));
  }

  @Test
  void aWellFormedTokenIsReadWhateverTheCaseOfTheScheme() {
    for (String scheme : new String[] {"Bearer ", "bearer ", "BEARER "}) {
      Authentication read = convert(scheme + "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln-_~+/==").block();
      assertThat(((BearerTokenAuthenticationToken) read).getToken())
          .isEqualTo("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln-_~+/==");
    }
  }

  @Test
  void noHeaderOrAnotherSchemeIsAnonymous() {
    assertThat(convert(null).blockOptional()).isEmpty();
    assertThat(convert("Basic dXNlcjpwYXNz").blockOptional()).isEmpty();
  }

  @Test
  void malformedBearerTokensAreRefused() {
    for (String bad : new String[] {"Bearer ", "Bearer", "Bearer a b", "Bearer ab\u00e9", "Bearer ==", "Bearer a=b",
        "Bearer  two-spaces"}) {
      assertThatThrownBy(() -> convert(bad).block()).as(bad).isInstanceOf(OAuth2AuthenticationException.class);
    }
  }
}
