package org.idnet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.idnet.stores.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The web is an API client and nothing more (docs/pages.md section 2): no gRPC, no mTLS identity,
 * no way to state a caller on its class path; and it does not start half-configured.
 */
class WebStartupTest {

  @Test
  void noGrpcNoCallerStatementOnTheClassPath() {
    for (String absent : new String[] {"io.grpc.Channel", "org.idnet.caller.Caller", "org.idnet.tls.MutualTls",
        "org.idnet.disclosure.v1.TransparencyReport", "org.springframework.session.Session"}) {
      assertThatThrownBy(() -> Class.forName(absent)).as(absent).isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  void withoutTheGatewaysAddressItDoesNotStart() {
    Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(WebApplication.class).run(
        "--server.port=0", "--management.server.port=0", "--idnet.web.redis-url=" + TestStores.redis().uri(),
        "--idnet.web.public-url=http://localhost:8070",
        "--idnet.web.sessions.keys.directory=" + WebTestSetup.keysDirectory(),
        "--idnet.web.sessions.keys.create-if-missing=true"));
    assertThat(failure).isNotNull();
    assertThat(rootMessage(failure)).contains("idnet.web.gateway-url");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://gateway.example:8080", "http://127.evil.example:8080", "http://localhost.example"})
  void aGatewayOverPlainHttpElsewhereIsRefused(String gateway) {
    Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(WebApplication.class).run(
        "--server.port=0", "--management.server.port=0", "--idnet.web.redis-url=" + TestStores.redis().uri(),
        "--idnet.web.gateway-url=" + gateway, "--idnet.web.public-url=http://localhost:8070",
        "--idnet.web.sessions.keys.directory=" + WebTestSetup.keysDirectory(),
        "--idnet.web.sessions.keys.create-if-missing=true"));
    assertThat(rootMessage(failure)).contains("idnet.web.gateway-url must be https");
  }

  @Test
  void withoutItsKeysItDoesNotStart() {
    Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(WebApplication.class).run(
        "--server.port=0", "--management.server.port=0", "--idnet.web.redis-url=" + TestStores.redis().uri(),
        "--idnet.web.gateway-url=http://localhost:8080", "--idnet.web.public-url=http://localhost:8070",
        "--idnet.web.sessions.keys.directory=" + WebTestSetup.keysDirectory()));
    assertThat(rootMessage(failure)).contains("session-keyset.json").contains("does not exist");
  }

  private static String rootMessage(Throwable failure) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }
}
