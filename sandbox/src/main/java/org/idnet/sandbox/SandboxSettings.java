package org.idnet.sandbox;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the sandbox lives and listens. Defaults are api.md's (gateway 8080, issuer 8180); each is
 * overridable by an environment variable.
 *
 * @param home the repository root, where each module's {@code target/*-exec.jar} is
 * @param data the data folder: PostgreSQL and Redis files, sandbox keys and certificates, Keycloak,
 *     service logs
 * @param issuer which OIDC issuer serves {@code issuerPort}: the light in-process one or real Keycloak
 * @param keycloakManagementPort Keycloak's health port (only with {@link IssuerKind#KEYCLOAK})
 * @param gatewayManagementPort the gateway's actuator port (health probes, Prometheus), apart from
 *     its public port
 * @param webhooksGrpcPort webhook-dispatcher's gRPC port (loopback)
 * @param webhooksHttpPort webhook-dispatcher's management port (loopback)
 * @param webhookReceiverPort the sandbox's own webhook receiver (loopback), which answers 204 to every
 *     POST, so the walkthrough can register an endpoint and read what arrived in the inbox
 * @param webPort idnet's own pages ({@code web}: hosted verification, console, transparency); its
 *     origin {@code http://localhost:<webPort>} is the one the development realm's redirect URIs name
 * @param webManagementPort the web's actuator port (loopback)
 * @param samplePlatformPort the sandbox's sample platform ({@link SandboxPlatformPage}, loopback): a
 *     platform's page that starts a hosted verification and reads its result
 */
public record SandboxSettings(Path home, Path data, int gatewayPort, int issuerPort, int postgresPort,
    int redisPort, int otpGrpcPort, int otpHttpPort, int identityGrpcPort, int identityHttpPort,
    int disclosureGrpcPort, int disclosureHttpPort, IssuerKind issuer, int keycloakManagementPort,
    int gatewayManagementPort, int webhooksGrpcPort, int webhooksHttpPort, int webhookReceiverPort, int webPort,
    int webManagementPort, int samplePlatformPort) {

  /** The sandbox's OIDC issuer: both read the same realm file and serve the same issuer URL. */
  public enum IssuerKind {
    /** mock-oauth2-server in the launcher's JVM: starts in a second, no extra memory. */
    LIGHT,
    /** Keycloak's own server, from Maven Central's distribution, as production runs it. */
    KEYCLOAK
  }

  /** The master realm's admin of the sandbox's Keycloak: development credentials, public, sandbox only. */
  public static final String KEYCLOAK_ADMIN = "sandbox-admin";
  public static final String KEYCLOAK_ADMIN_PASSWORD = "sandbox-admin-password";

  /** The login disclosure-service uses in the sandbox (no UPDATE or DELETE on the audit log). */
  public static final String DISCLOSURE_APP_ROLE = "idnet_disclosure_app";

  /** Its password: a development value, public in this repository, for the sandbox only. */
  public static final String DISCLOSURE_APP_PASSWORD = "sandbox-only-disclosure-app-password";

  /** The login identity-service uses in the sandbox (no UPDATE or DELETE on its append-only tables). */
  public static final String IDENTITY_APP_ROLE = "idnet_identity_app";

  /** Its password: a development value, public in this repository, for the sandbox only. */
  public static final String IDENTITY_APP_PASSWORD = "sandbox-only-identity-app-password";

  /** The login webhook-dispatcher uses in the sandbox. */
  public static final String WEBHOOKS_APP_ROLE = "idnet_webhooks_app";

  /** Its password: a development value, public in this repository, for the sandbox only. */
  public static final String WEBHOOKS_APP_PASSWORD = "sandbox-only-webhooks-app-password";

  public static SandboxSettings fromEnvironment(Path home, IssuerKind issuer) {
    Map<String, String> env = System.getenv();
    return new SandboxSettings(
        home,
        Path.of(env.getOrDefault("IDNET_SANDBOX_DATA", home.resolve("sandbox-data").toString())).toAbsolutePath(),
        port(env, "IDNET_GATEWAY_PORT", 8080),
        port(env, "IDNET_OIDC_PORT", 8180),
        port(env, "IDNET_POSTGRES_PORT", 15432),
        port(env, "IDNET_REDIS_PORT", 16379),
        port(env, "IDNET_OTP_GRPC_PORT", 9091),
        port(env, "IDNET_OTP_HTTP_PORT", 8091),
        port(env, "IDNET_IDENTITY_GRPC_PORT", 9092),
        port(env, "IDNET_IDENTITY_HTTP_PORT", 8092),
        port(env, "IDNET_DISCLOSURE_GRPC_PORT", 9093),
        port(env, "IDNET_DISCLOSURE_HTTP_PORT", 8093),
        issuer,
        port(env, "IDNET_KEYCLOAK_MANAGEMENT_PORT", 8190),
        port(env, "IDNET_GATEWAY_MANAGEMENT_PORT", 8081),
        port(env, "IDNET_WEBHOOKS_GRPC_PORT", 9094),
        port(env, "IDNET_WEBHOOKS_HTTP_PORT", 8094),
        port(env, "IDNET_WEBHOOK_RECEIVER_PORT", 8089),
        port(env, "IDNET_WEB_PORT", 8070),
        port(env, "IDNET_WEB_MANAGEMENT_PORT", 8071),
        port(env, "IDNET_SAMPLE_PLATFORM_PORT", 8088));
  }

  private static int port(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a TCP port (1-65535); was '" + value + "'");
    }
  }

  /** Every port a free one (the end-to-end tests and the benchmarks, beside a running sandbox). */
  public static SandboxSettings onFreePorts(Path home, Path data, IssuerKind issuer) {
    int[] ports = new int[19];
    for (int i = 0; i < ports.length; i++) {
      ports[i] = org.idnet.stores.LocalRedis.freePort();
    }
    return new SandboxSettings(home, data, ports[0], ports[1], ports[2], ports[3], ports[4], ports[5], ports[6],
        ports[7], ports[8], ports[9], issuer, ports[10], ports[11], ports[12], ports[13], ports[14],
        ports[15], ports[16], ports[17]);
  }

  Path jar(String module) {
    return home.resolve(module).resolve("target").resolve("idnet-" + module + "-exec.jar");
  }
}
