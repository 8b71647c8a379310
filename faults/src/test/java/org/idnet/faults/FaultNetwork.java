package org.idnet.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idnet.faults.net.SmsProvider;
import org.idnet.faults.net.TcpProxy;
import org.idnet.keycloak.realm.Realm;
import org.idnet.keycloak.realm.RealmClient;
import org.idnet.sandbox.ProcessLogs;
import org.idnet.sandbox.SandboxNetwork;
import org.idnet.sandbox.SandboxSettings;
import org.idnet.stores.LocalRedis;

/**
 * The one network every fault case of this JVM breaks and checks: started by the sandbox's own
 * launcher ({@link SandboxNetwork}: embedded PostgreSQL and Redis, the light OIDC issuer, the three
 * services and the gateway as processes over mutual TLS), with a {@link TcpProxy} on every link a
 * case breaks and the SMS provider played by the test ({@link SmsProvider}). Started on first use,
 * stopped when the JVM ends. Each process's output goes to
 * {@code target/process-logs/FaultNetwork-<process>.log} (the build's process-log contract;
 * a restarted process appends).
 *
 * <p>What differs from the sandbox, all by the processes' own properties: the links run through
 * the proxies; SMS go to the provider, not the Redis outbox; lower failed-check limits (2 a day per
 * number and platform, 10 in all), so a case can spend them; the gateway's rate limits raised (the
 * suite's one client address and tokens make many calls; limits are not what it tests); releases
 * retried every 1-2 s by disclosure-service; gRPC keepalive at its shortest (10 s, 2 s); and a second supervisor of agency-1
 * ({@code supervisor-1b}) in the issuer's realm.
 */
public final class FaultNetwork {

  /** Links through a proxy, named {@code <client>-><server>}. */
  public static final String GATEWAY_OTP = "gateway->phone-otp-service";
  public static final String GATEWAY_IDENTITY = "gateway->identity-service";
  public static final String GATEWAY_DISCLOSURE = "gateway->disclosure-service";
  public static final String OTP_IDENTITY = "phone-otp-service->identity-service";
  public static final String DISCLOSURE_IDENTITY = "disclosure-service->identity-service";
  public static final String IDENTITY_POSTGRES = "identity-service->postgres";
  public static final String DISCLOSURE_POSTGRES = "disclosure-service->postgres";

  /** Failed code checks per number a day: in all, and per platform (a fifth of it, as the rule wants). */
  public static final int FAILED_CHECKS_PER_PHONE = 10;
  public static final int FAILED_CHECKS_PER_PHONE_PER_PLATFORM = 2;

  /** A second supervisor of agency-1, so two supervisors can race to approve one request. */
  public static final String SECOND_SUPERVISOR = "supervisor-1b";

  private static FaultNetwork instance;

  private final SandboxNetwork sandbox;
  private final Map<String, TcpProxy> proxies;
  private final SmsProvider sms;
  private final Api api;
  private final Stores stores;
  private final Path logs;

  private FaultNetwork(SandboxNetwork sandbox, Map<String, TcpProxy> proxies, SmsProvider sms, Path logs) {
    this.sandbox = sandbox;
    this.proxies = proxies;
    this.sms = sms;
    this.logs = logs;
    this.api = new Api(sandbox.gatewayUrl(), sandbox.tokenEndpoint());
    this.stores = new Stores(sandbox.settings().postgresPort(), sandbox.settings().redisPort());
  }

  public static synchronized FaultNetwork get() throws Exception {
    if (instance == null) {
      instance = start();
      Runtime.getRuntime().addShutdownHook(new Thread(FaultNetwork::stop, "stop-fault-network"));
    }
    return instance;
  }

  private static FaultNetwork start() throws Exception {
    Path home = Path.of(System.getProperty("idnet.home", "..")).toAbsolutePath().normalize();
    ProcessLogs logs = ProcessLogs.ofTest(FaultNetwork.class);
    Path data = Files.createTempDirectory("idnet-faults");
    SandboxSettings settings = SandboxSettings.onFreePorts(home, data, SandboxSettings.IssuerKind.LIGHT);
    Map<String, TcpProxy> proxies = new LinkedHashMap<>();
    proxy(proxies, GATEWAY_OTP, settings.otpGrpcPort());
    proxy(proxies, GATEWAY_IDENTITY, settings.identityGrpcPort());
    proxy(proxies, GATEWAY_DISCLOSURE, settings.disclosureGrpcPort());
    proxy(proxies, OTP_IDENTITY, settings.identityGrpcPort());
    proxy(proxies, DISCLOSURE_IDENTITY, settings.identityGrpcPort());
    proxy(proxies, IDENTITY_POSTGRES, settings.postgresPort());
    proxy(proxies, DISCLOSURE_POSTGRES, settings.postgresPort());
    SmsProvider sms = SmsProvider.start(LocalRedis.freePort());
    try {
      SandboxNetwork sandbox = SandboxNetwork.start(settings, arguments(proxies, sms), logs, realm());
      return new FaultNetwork(sandbox, proxies, sms, logs.directory());
    } catch (Exception | Error e) {
      proxies.values().forEach(TcpProxy::close);
      sms.close();
      throw e;
    }
  }

  private static void proxy(Map<String, TcpProxy> proxies, String name, int upstream) {
    proxies.put(name, TcpProxy.start(name, LocalRedis.freePort(), upstream));
  }

  private static String target(Map<String, TcpProxy> proxies, String name) {
    return "127.0.0.1:" + proxies.get(name).port();
  }

  private static String jdbc(Map<String, TcpProxy> proxies, String name, String database) {
    return "jdbc:postgresql://127.0.0.1:" + proxies.get(name).port() + "/" + database;
  }

  /** The gateway's rate classes a case may spend quickly (they are not what the suite tests). */
  private static final List<String> RATE_CLASSES = List.of("default", "lookup", "real-name", "otp-send", "otp-check",
      "sandbox", "disclosure", "audit", "public");

  private static Map<String, List<String>> arguments(Map<String, TcpProxy> proxies, SmsProvider sms) {
    List<String> gateway = new ArrayList<>(List.of(
        "--idnet.gateway.backends.phone-otp.target=" + target(proxies, GATEWAY_OTP),
        "--idnet.gateway.backends.identity.target=" + target(proxies, GATEWAY_IDENTITY),
        "--idnet.gateway.backends.disclosure.target=" + target(proxies, GATEWAY_DISCLOSURE)));
    for (String rateClass : RATE_CLASSES) {
      gateway.add("--idnet.gateway.rate-limits." + rateClass + ".replenish-rate=1000");
      gateway.add("--idnet.gateway.rate-limits." + rateClass + ".burst-capacity=2000");
    }
    return Map.of(
        "gateway", withKeepAlive(gateway),
        "phone-otp-service", withKeepAlive(List.of(
            "--idnet.otp.identity-target=" + target(proxies, OTP_IDENTITY),
            "--idnet.otp.sms.adapter=http",
            "--idnet.otp.sms.http.url=" + sms.url(),
            "--idnet.otp.sms.http.api-key=" + SmsProvider.API_KEY,
            "--idnet.otp.limits.max-failed-checks-per-phone=" + FAILED_CHECKS_PER_PHONE,
            "--idnet.otp.limits.max-failed-checks-per-phone-per-platform=" + FAILED_CHECKS_PER_PHONE_PER_PLATFORM)),
        "identity-service", withKeepAlive(List.of(
            "--spring.datasource.url=" + jdbc(proxies, IDENTITY_POSTGRES, "identity"))),
        "disclosure-service", withKeepAlive(List.of(
            "--spring.datasource.url=" + jdbc(proxies, DISCLOSURE_POSTGRES, "disclosure"),
            "--idnet.disclosure.identity.target=" + target(proxies, DISCLOSURE_IDENTITY),
            "--idnet.disclosure.release.first-retry=1s",
            "--idnet.disclosure.release.max-retry=2s",
            "--idnet.disclosure.jobs.release-interval=1s")));
  }

  /**
   * gRPC keepalive at its shortest (a ping after 10 s of quiet, 2 s for the answer; servers permit
   * pings every 5 s), so a half-open connection is given up within a case's time.
   */
  private static List<String> withKeepAlive(List<String> arguments) {
    List<String> all = new ArrayList<>(arguments);
    all.addAll(List.of("--idnet.grpc.keep-alive-time=10s", "--idnet.grpc.keep-alive-timeout=2s",
        "--idnet.grpc.permit-keep-alive-time=5s"));
    return all;
  }

  /** The development realm and {@link #SECOND_SUPERVISOR}, supervisor-1's twin. */
  private static Realm realm() {
    Realm development = Realm.development();
    RealmClient first = development.client("supervisor-1").orElseThrow();
    List<RealmClient> clients = new ArrayList<>(development.clients());
    clients.add(new RealmClient(SECOND_SUPERVISOR, SECOND_SUPERVISOR + "-secret", "service-account-" + SECOND_SUPERVISOR,
        first.roles(), first.agencyId()));
    return new Realm(development.name(), development.audience(), development.accessTokenLifespan(), clients);
  }

  static synchronized void stop() {
    if (instance != null) {
      instance.sandbox.close();
      instance.proxies.values().forEach(TcpProxy::close);
      instance.sms.close();
      instance = null;
    }
  }

  public SandboxNetwork sandbox() {
    return sandbox;
  }

  public TcpProxy proxy(String name) {
    TcpProxy proxy = proxies.get(name);
    if (proxy == null) {
      throw new IllegalArgumentException("no proxy " + name);
    }
    return proxy;
  }

  /** Every proxy back to passing bytes (a case's finally: the next case starts on a sound network). */
  public void healAll() {
    proxies.values().forEach(TcpProxy::heal);
  }

  /**
   * Waits until each of the gateway's backends answers three calls in a row without a 503: a
   * breaker a case opened is closed again (its half-open state lets three calls through), so the
   * next case does not start on a breaker still counting the last one's faults.
   */
  public void awaitBreakersClosed() {
    Map<String, java.util.function.Supplier<Api.Answer>> calls = Map.of(
        "identity-service", () -> api.get("/v1/accounts/faults-calm/verification", "platform-a"),
        "phone-otp-service", () -> api.get("/v1/phone-verifications/no-such-verification", "platform-a"),
        "disclosure-service", () -> api.get("/v1/disclosure-requests?pageSize=1", "officer-1"));
    calls.forEach((backend, call) -> {
      int[] inARow = {0};
      Poll.until(backend + "'s breaker closed (three answers in a row without 503)", java.time.Duration.ofSeconds(30),
          () -> {
            inARow[0] = call.get().status() == 503 ? 0 : inARow[0] + 1;
            return inARow[0] >= 3;
          });
    });
  }

  public SmsProvider sms() {
    return sms;
  }

  public Api api() {
    return api;
  }

  public Stores stores() {
    return stores;
  }

  /** The folder of the processes' logs. */
  public Path logs() {
    return logs;
  }

  /**
   * The sum of a metric's samples on a service's {@code /actuator/prometheus} (its management
   * port), e.g. {@code hikaricp_connections_active}.
   */
  public double metric(String service, String name) {
    int port = switch (service) {
      case "identity-service" -> sandbox.settings().identityHttpPort();
      case "disclosure-service" -> sandbox.settings().disclosureHttpPort();
      case "phone-otp-service" -> sandbox.settings().otpHttpPort();
      default -> throw new IllegalArgumentException("no metrics port for " + service);
    };
    try {
      java.net.http.HttpResponse<String> scrape = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
              .timeout(java.time.Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      double sum = 0;
      for (String line : scrape.body().split("\n")) {
        if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return sum;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("no metrics from " + service, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public long pid(String process) {
    return sandbox.pid(process);
  }
}
