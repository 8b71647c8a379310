package org.idnet.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Without the caller-signing key the service must not start: it could verify no caller. */
class DisclosureServiceStartupTest {

  @Test
  void startWhenCallerSigningKeyMissingThenFailsNamingTheProperty() {
    Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(DisclosureServiceApplication.class)
        .run("--server.port=0", "--spring.grpc.server.port=0").close());

    assertThat(failure).isNotNull();
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    assertThat(messages.toString()).contains("idnet.caller.signing-key is not set");
  }
}
