package org.idnet.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.Base64;
import org.assertj.core.api.Assertions;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Configuration mistakes stop the start-up with a message that names the problem. */
class IdentityServiceStartupTest {

  @TempDir
  Path keys;

  private Throwable start(String... extra) {
    String url = TestStores.newDatabase("identity_startup");
    String[] base = {
        "--spring.datasource.url=" + url,
        "--spring.datasource.username=" + TestStores.postgres().user(),
        "--spring.datasource.password=" + TestStores.postgres().password(),
        "--server.port=0",
        "--spring.grpc.server.port=0",
        "--idnet.identity.keys.directory=" + keys,
        "--idnet.identity.register.url=http://127.0.0.1:1",
        "--idnet.identity.register.api-key=identity-startup-test-register-key"};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return catchThrowable(() -> new SpringApplicationBuilder(IdentityServiceApplication.class).run(args).close());
  }

  private static String messages(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  @Test
  void startWhenKeysetMissingAndNotSandboxThenFailsNamingTheKeyset() {
    Throwable failure = start("--idnet.caller.signing-key=" + Base64.getEncoder().encodeToString(new byte[32]));

    assertThat(failure).isNotNull();
    assertThat(messages(failure)).contains("aead-keyset.json").contains("does not exist")
        .contains("idnet.identity.keys.create-if-missing");
    Assertions.assertThat(keys).isEmptyDirectory();
  }

  @Test
  void startWhenCallerSigningKeyMissingThenFailsNamingTheProperty() {
    Throwable failure = start("--idnet.identity.keys.create-if-missing=true");

    assertThat(failure).isNotNull();
    assertThat(messages(failure)).contains("idnet.caller.signing-key is not set");
  }
}
