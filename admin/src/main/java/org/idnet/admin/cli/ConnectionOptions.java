package org.idnet.admin.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.idnet.admin.keycloak.KeycloakAccess;
import org.idnet.loopback.Loopback;
import org.idnet.admin.onboarding.OnboardingException;
import picocli.CommandLine.Option;

/**
 * Where Keycloak is and how to log in: each from an option, else an environment variable, else a
 * default. Secrets come from the environment or a file, never from the command line (other users
 * see a process's arguments).
 */
final class ConnectionOptions {

  static final String DEFAULT_URL = "http://localhost:8180";
  /** The sandbox Keycloak's master admin (public development credentials; see SandboxSettings). */
  static final String SANDBOX_ADMIN = "sandbox-admin";
  static final String SANDBOX_ADMIN_PASSWORD = "sandbox-admin-password";
  private static final Set<String> LOCALHOST = Set.of("localhost", "127.0.0.1", "[::1]");

  @Option(names = "--keycloak-url", paramLabel = "URL",
      description = "Keycloak's base URL, https:// (http:// only to this machine: " + Loopback.HOSTS + ") (env"
          + " IDNET_KEYCLOAK_URL; default " + DEFAULT_URL + ", the sandbox).")
  String keycloakUrl;

  @Option(names = "--realm", paramLabel = "REALM", description = "The realm of idnet's clients (env IDNET_KEYCLOAK_REALM; default idnet).")
  String realm;

  @Option(names = "--admin-client", paramLabel = "CLIENT-ID",
      description = "Log in as this client of the realm, e.g. idnet-admin (env IDNET_KEYCLOAK_ADMIN_CLIENT); its secret in env"
          + " IDNET_KEYCLOAK_ADMIN_SECRET or the file of --admin-secret-file.")
  String adminClient;

  @Option(names = "--admin-secret-file", paramLabel = "FILE",
      description = "File holding the admin client's secret (env IDNET_KEYCLOAK_ADMIN_SECRET_FILE).")
  Path adminSecretFile;

  @Option(names = "--admin-user", paramLabel = "USER",
      description = "Log in as this admin user of the master realm instead (env IDNET_KEYCLOAK_ADMIN_USER); its password in env"
          + " IDNET_KEYCLOAK_ADMIN_PASSWORD or the file of --admin-password-file. On the sandbox's"
          + " " + DEFAULT_URL + " the default is the sandbox's admin.")
  String adminUser;

  @Option(names = "--admin-password-file", paramLabel = "FILE",
      description = "File holding the admin user's password (env IDNET_KEYCLOAK_ADMIN_PASSWORD_FILE).")
  Path adminPasswordFile;

  KeycloakAccess resolve(Map<String, String> env) {
    String url = or(keycloakUrl, env.get("IDNET_KEYCLOAK_URL"), DEFAULT_URL);
    URI uri = checkUrl(url);
    String realmName = or(realm, env.get("IDNET_KEYCLOAK_REALM"), "idnet");
    if (!realmName.matches("[A-Za-z0-9._-]{1,100}")) {
      throw OnboardingException.invalid("invalid realm name '" + realmName + "'");
    }
    String client = or(adminClient, env.get("IDNET_KEYCLOAK_ADMIN_CLIENT"), null);
    String user = or(adminUser, env.get("IDNET_KEYCLOAK_ADMIN_USER"), null);
    if (client != null && user != null) {
      throw OnboardingException.invalid("both an admin client and an admin user are set: choose one");
    }
    if (client != null) {
      String secret = secret(env, "IDNET_KEYCLOAK_ADMIN_SECRET", adminSecretFile, "IDNET_KEYCLOAK_ADMIN_SECRET_FILE",
          "the admin client's secret");
      return new KeycloakAccess(url, realmName, new KeycloakAccess.ServiceAccount(client, secret));
    }
    if (user != null) {
      String password = secret(env, "IDNET_KEYCLOAK_ADMIN_PASSWORD", adminPasswordFile,
          "IDNET_KEYCLOAK_ADMIN_PASSWORD_FILE", "the admin user's password");
      return new KeycloakAccess(url, realmName, new KeycloakAccess.AdminUser(user, password));
    }
    if (isSandbox(uri)) {
      return new KeycloakAccess(url, realmName, new KeycloakAccess.AdminUser(SANDBOX_ADMIN, SANDBOX_ADMIN_PASSWORD));
    }
    throw OnboardingException.invalid("no admin login for " + url + ": set IDNET_KEYCLOAK_ADMIN_CLIENT and"
        + " IDNET_KEYCLOAK_ADMIN_SECRET (production: the realm's idnet-admin client), or IDNET_KEYCLOAK_ADMIN_USER and"
        + " IDNET_KEYCLOAK_ADMIN_PASSWORD (a master-realm admin)");
  }

  /** Only the sandbox's own address gets its public development login by default. */
  static boolean isSandbox(URI uri) {
    return "http".equals(uri.getScheme()) && LOCALHOST.contains(uri.getHost()) && uri.getPort() == 8180;
  }

  /**
   * A web URL without user, password or query; plain http only to this machine, since the admin
   * login (a client secret or a password) goes over it.
   */
  static URI checkUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
      boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      if (!web || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
        throw new IllegalArgumentException();
      }
    } catch (Exception e) {
      // A URL with '@' may hold a password: not repeated.
      throw OnboardingException.invalid("invalid Keycloak URL" + (url.contains("@") ? "" : " '" + url + "'")
          + ": expected https://host[:port][/path], without user, password or query");
    }
    if ("http".equals(uri.getScheme()) && !Loopback.isLoopback(uri.getHost())) {
      throw OnboardingException.invalid("refusing plain http to " + uri.getHost() + ": the admin login (secret or"
          + " password) would cross the network in clear text. Use https://; http:// is for this machine only ("
          + Loopback.HOSTS + ")");
    }
    return uri;
  }

  /** A secret from its environment variable, else from a file (option, else the file's variable). */
  static String secret(Map<String, String> env, String variable, Path fileOption, String fileVariable, String what) {
    String value = env.get(variable);
    if (value != null && !value.isEmpty()) {
      return value;
    }
    String named = env.get(fileVariable);
    Path file = fileOption != null ? fileOption : named != null && !named.isBlank() ? Path.of(named.strip()) : null;
    if (file == null) {
      throw OnboardingException.invalid(what + " is not set: put it in " + variable + " or in a file named by "
          + fileVariable);
    }
    return readFile(file, what);
  }

  /** A file's content, stripped; the message names the file, never what it holds. */
  static String readFile(Path file, String what) {
    try {
      String read = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (read.isEmpty()) {
        throw OnboardingException.invalid(what + ": file " + file + " is empty");
      }
      return read;
    } catch (IOException e) {
      throw OnboardingException.invalid(what + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String or(String option, String variable, String fallback) {
    if (option != null && !option.isBlank()) {
      return option.strip();
    }
    return variable != null && !variable.isBlank() ? variable.strip() : fallback;
  }
}
