package org.idnet.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.idnet.admin.keycloak.KeycloakAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionOptionsTest {

  @Test
  void theSandboxLoginIsTheDefaultOnTheSandboxsAddressOnly() {
    KeycloakAccess sandbox = new ConnectionOptions().resolve(Map.of());
    assertThat(sandbox.url()).isEqualTo("http://localhost:8180");
    assertThat(sandbox.realm()).isEqualTo("idnet");
    assertThat(sandbox.credentials()).isEqualTo(new KeycloakAccess.AdminUser("sandbox-admin", "sandbox-admin-password"));
    for (String elsewhere : new String[] {"https://localhost:8180", "http://localhost:8181", "http://keycloak.example:8180"}) {
      assertThatThrownBy(() -> new ConnectionOptions().resolve(Map.of("IDNET_KEYCLOAK_URL", elsewhere)))
          .as(elsewhere).hasMessageContaining("no admin login");
    }
  }

  @Test
  void anOptionWinsOverTheEnvironmentAndSecretsComeFromTheEnvironmentOrAFile(@TempDir Path folder) throws Exception {
    ConnectionOptions options = new ConnectionOptions();
    options.keycloakUrl = "https://sso.example/";
    options.adminClient = "idnet-admin";
    Map<String, String> env = Map.of("IDNET_KEYCLOAK_URL", "http://ignored", "IDNET_KEYCLOAK_ADMIN_SECRET", "from-env");
    KeycloakAccess access = options.resolve(env);
    assertThat(access.url()).isEqualTo("https://sso.example");
    assertThat(access.credentials()).isEqualTo(new KeycloakAccess.ServiceAccount("idnet-admin", "from-env"));
    assertThat(access.credentials().toString()).doesNotContain("from-env");

    Path file = Files.writeString(folder.resolve("secret"), "from-file\n");
    assertThat(options.resolve(Map.of("IDNET_KEYCLOAK_ADMIN_SECRET_FILE", file.toString())).credentials())
        .isEqualTo(new KeycloakAccess.ServiceAccount("idnet-admin", "from-file"));
    assertThatThrownBy(() -> options.resolve(Map.of())).hasMessageContaining("IDNET_KEYCLOAK_ADMIN_SECRET");
    assertThatThrownBy(() -> options.resolve(Map.of("IDNET_KEYCLOAK_ADMIN_SECRET_FILE", folder.resolve("none").toString())))
        .hasMessageContaining("cannot read");
    assertThatThrownBy(() -> options.resolve(Map.of("IDNET_KEYCLOAK_ADMIN_USER", "root", "IDNET_KEYCLOAK_ADMIN_SECRET", "x")))
        .hasMessageContaining("choose one");
  }

  @Test
  void aRedisPasswordIsRefusedOnTheCommandLineButTakenFromTheEnvironment() {
    RedisOptions options = new RedisOptions();
    assertThat(options.resolve(Map.of())).isEqualTo("redis://localhost:16379");
    assertThat(options.resolve(Map.of("IDNET_REDIS_URL", "redis://:pw@redis:6379"))).isEqualTo("redis://:pw@redis:6379");
    options.redisUrl = "redis://:pw@redis:6379";
    assertThatThrownBy(() -> options.resolve(Map.of())).hasMessageContaining("IDNET_REDIS_URL").hasMessageNotContaining("pw@");
  }
}
