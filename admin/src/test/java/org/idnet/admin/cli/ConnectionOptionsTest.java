package org.idnet.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.idnet.admin.denylist.RedisDenyList;
import org.idnet.admin.keycloak.KeycloakAccess;
import org.idnet.admin.onboarding.OnboardingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionOptionsTest {

  @Test
  void theSandboxLoginIsTheDefaultOnTheSandboxsAddressOnly() {
    KeycloakAccess sandbox = new ConnectionOptions().resolve(Map.of());
    assertThat(sandbox.url()).isEqualTo("http://localhost:8180");
    assertThat(sandbox.realm()).isEqualTo("idnet");
    assertThat(sandbox.credentials()).isEqualTo(new KeycloakAccess.AdminUser("sandbox-admin", "sandbox-admin-password"));
    for (String elsewhere : new String[] {"https://localhost:8180", "http://localhost:8181", "https://keycloak.example:8180"}) {
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

  @Test
  void plainHttpIsRefusedUnlessTheHostIsThisMachine() {
    Map<String, String> login = Map.of("IDNET_KEYCLOAK_ADMIN_USER", "root", "IDNET_KEYCLOAK_ADMIN_PASSWORD", "pw");
    for (String remote : new String[] {"http://sso.example:8080", "http://sso.example", "http://10.0.0.5:8180",
        "http://128.0.0.1", "http://localhost.evil.example", "http://127.0.0.1.nip.io", "http://[::2]:8080",
        "http://[fe80::1]"}) {
      assertThatThrownBy(() -> new ConnectionOptions().resolve(with(login, "IDNET_KEYCLOAK_URL", remote))).as(remote)
          .isInstanceOf(OnboardingException.class)
          .satisfies(e -> assertThat(((OnboardingException) e).problem()).isEqualTo(OnboardingException.Problem.INVALID))
          .hasMessageContaining("refusing plain http").hasMessageContaining("https://").hasMessageNotContaining("pw");
    }
    for (String local : new String[] {"http://localhost:8181", "http://LOCALHOST", "http://127.0.0.1:1",
        "http://127.1.2.3:8080/auth", "http://[::1]:8080", "https://sso.example:8443"}) {
      assertThat(new ConnectionOptions().resolve(with(login, "IDNET_KEYCLOAK_URL", local)).url()).as(local)
          .isEqualTo(local);
    }
  }

  @Test
  void aKeycloakUrlWithAPasswordIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> new ConnectionOptions().resolve(Map.of("IDNET_KEYCLOAK_URL", "https://root:hunter2@sso.example")))
        .hasMessageContaining("invalid Keycloak URL").hasMessageNotContaining("hunter2");
  }

  @Test
  void aRedisPasswordGoesInClearTextOnlyToThisMachine() {
    for (String remote : new String[] {"redis://:pw@redis.example:6379", "redis://user:pw@10.0.0.1",
        "redis://pw@redis.example", "redis-sentinel://:pw@localhost:26379/0#main"}) {
      assertThatThrownBy(() -> denyList(Map.of("IDNET_REDIS_URL", remote))).as(remote)
          .isInstanceOf(OnboardingException.class)
          .satisfies(e -> assertThat(((OnboardingException) e).problem()).isEqualTo(OnboardingException.Problem.INVALID))
          .hasMessageContaining("rediss://").hasMessageNotContaining(":pw").hasMessageNotContaining("pw@");
    }
    for (String fine : new String[] {"redis://:pw@localhost:16379", "redis://:pw@127.0.0.1", "redis://:pw@[::1]:6379",
        "rediss://:pw@redis.example:6379", "redis://redis.example:6379", "redis://localhost"}) {
      assertThat(denyList(Map.of("IDNET_REDIS_URL", fine)).where()).as(fine).doesNotContain("pw");
    }
  }

  @Test
  void aMalformedRedisUrlNeverShowsItsPassword() {
    String url = "rediss://:s3cr et@redis:6379";
    assertThatThrownBy(() -> denyList(Map.of("IDNET_REDIS_URL", url))).hasMessageContaining("rediss://")
        .hasMessageContaining("malformed").hasMessageNotContaining("s3cr");
    for (String[] args : new String[][] {{"disable", "some-client"}, {"create-platform", "some-client"},
        {"create-agency", "some-agency"}, {"denied"}, {"denied", "--verbose"}, {"enable", "some-client", "--verbose"}}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = AdminCli.run(args, Map.of("IDNET_REDIS_URL", url), new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      String said = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
      assertThat(code).as(String.join(" ", args) + ": " + said).isEqualTo(2);
      assertThat(said).as(String.join(" ", args)).contains("malformed").doesNotContain("s3cr");
    }
  }

  @Test
  void aRedisUrlCanComeFromAFile(@TempDir Path folder) throws Exception {
    Path file = Files.writeString(folder.resolve("redis-url"), "rediss://:pw@redis.example:6380\n");
    assertThat(new RedisOptions().resolve(Map.of("IDNET_REDIS_URL_FILE", file.toString())))
        .isEqualTo("rediss://:pw@redis.example:6380");
    RedisOptions options = new RedisOptions();
    options.redisUrlFile = file;
    assertThat(options.resolve(Map.of("IDNET_REDIS_URL", "redis://other:6379"))).as("the option wins")
        .isEqualTo("rediss://:pw@redis.example:6380");
    options.redisUrl = "redis://localhost:1";
    assertThatThrownBy(() -> options.resolve(Map.of())).hasMessageContaining("choose one");
    assertThatThrownBy(() -> new RedisOptions().resolve(Map.of("IDNET_REDIS_URL_FILE", folder.resolve("none").toString())))
        .hasMessageContaining("cannot read");
  }

  private static RedisDenyList denyList(Map<String, String> env) {
    RedisOptions options = new RedisOptions();
    return new RedisDenyList(options.resolve(env), options.trustFile(env));
  }

  private static Map<String, String> with(Map<String, String> env, String name, String value) {
    Map<String, String> all = new HashMap<>(env);
    all.put(name, value);
    return all;
  }
}
