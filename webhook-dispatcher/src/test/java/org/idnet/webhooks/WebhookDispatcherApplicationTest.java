package org.idnet.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerMetadata;
import org.idnet.caller.CallerServerInterceptor;
import org.idnet.caller.PeerResolver;
import org.idnet.outbox.v1.AcknowledgeEventsRequest;
import org.idnet.outbox.v1.AcknowledgeEventsResponse;
import org.idnet.outbox.v1.EventOutboxServiceGrpc;
import org.idnet.outbox.v1.OutboxEvent;
import org.idnet.outbox.v1.ReadEventsRequest;
import org.idnet.outbox.v1.ReadEventsResponse;
import org.idnet.tls.MutualTls;
import org.idnet.tls.TlsDirectory;
import org.idnet.tls.dev.DevelopmentCa;
import org.idnet.webhooks.delivery.store.HostResolver;
import org.idnet.webhooks.support.Receiver;
import org.idnet.webhooks.support.WebhooksDatabase;
import org.idnet.webhooks.v1.AccountClosed;
import org.idnet.webhooks.v1.CreateWebhookEndpointRequest;
import org.idnet.webhooks.v1.ListWebhookEndpointsRequest;
import org.idnet.webhooks.v1.WebhookEndpoint;
import org.idnet.webhooks.v1.WebhookEndpointServiceGrpc;
import org.idnet.webhooks.v1.WebhookEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real application on random ports: a real PostgreSQL (migrated by the owner, used as the app
 * role), keysets made in a temporary folder, mutual TLS with a test CA, a stand-in identity-service
 * outbox on a real socket behind the production caller check (so it answers only the dispatcher's
 * own certificate), and a receiver. The wiring of both features, end to end.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookDispatcherApplicationTest {

  static final Path TLS = certificates("webhook-dispatcher", "identity-service", "gateway", "disclosure-service");
  static final MutualTls IDENTITY_TLS = MutualTls.load(TlsDirectory.require(TLS.resolve("identity-service")),
      Duration.ofMinutes(1));
  static final MutualTls GATEWAY_TLS = MutualTls.load(TlsDirectory.require(TLS.resolve("gateway")),
      Duration.ofMinutes(1));
  static final MutualTls DISCLOSURE_TLS = MutualTls.load(TlsDirectory.require(TLS.resolve("disclosure-service")),
      Duration.ofMinutes(1));
  static final Caller PLATFORM = new Caller("platform-a", "platform-a", "", Set.of("platform"));
  static final FakeOutbox OUTBOX = new FakeOutbox();
  static final Receiver RECEIVER = Receiver.start();
  static Server identity;
  static ManagedChannel gateway;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    WebhooksDatabase.create().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    Path keys = Files.createTempDirectory("webhooks-app-keys");
    identity = io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forPort(0, IDENTITY_TLS.serverCredentials())
        .addService(ServerInterceptors.intercept(OUTBOX, new CallerServerInterceptor(PeerResolver.mutualTls())))
        .build().start();
    registry.add("idnet.tls.directory", () -> TLS.resolve("webhook-dispatcher").toString());
    registry.add("idnet.webhooks.keys.directory", keys::toString);
    registry.add("idnet.webhooks.keys.create-if-missing", () -> "true");
    registry.add("idnet.webhooks.sources.identity.target", () -> "localhost:" + identity.getPort());
    registry.add("idnet.webhooks.sources.identity.peer", () -> "identity-service");
    registry.add("idnet.webhooks.sources.disclosure.target", () -> "localhost:1");
    registry.add("idnet.webhooks.sources.disclosure.peer", () -> "disclosure-service");
    registry.add("idnet.webhooks.poll-interval", () -> "100ms");
    registry.add("spring.grpc.server.port", () -> "0");
    registry.add("idnet.webhooks.delivery.allow-private-targets", () -> "true");
  }

  /** hooks.test is the receiver on loopback (private targets allowed, as in the sandbox). */
  @TestConfiguration(proxyBeanMethods = false)
  static class Targets implements ApplicationListener<GrpcServerStartedEvent> {
    volatile int port;

    @Bean
    @org.springframework.context.annotation.Primary
    HostResolver loopbackResolver() {
      return host -> List.of(InetAddress.getLoopbackAddress());
    }

    @Override
    public void onApplicationEvent(GrpcServerStartedEvent event) {
      port = event.getPort();
    }
  }

  @Autowired
  Targets targets;

  @Value("${local.server.port}")
  int httpPort;

  ManagedChannel gateway() {
    if (gateway == null) {
      gateway = GATEWAY_TLS.channel("localhost:" + targets.port, "webhook-dispatcher").build();
    }
    return gateway;
  }

  WebhookEndpointServiceGrpc.WebhookEndpointServiceBlockingStub endpoints(ManagedChannel channel) {
    return WebhookEndpointServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .withInterceptors(CallerMetadata.attaching(PLATFORM));
  }

  @AfterAll
  static void close() {
    if (gateway != null) {
      gateway.shutdownNow();
    }
    identity.shutdownNow();
    RECEIVER.close();
    IDENTITY_TLS.close();
    GATEWAY_TLS.close();
    DISCLOSURE_TLS.close();
  }

  @Test
  void anOutboxEventReachesTheRegisteredEndpointAndIsAcknowledged() throws Exception {
    WebhookEndpoint endpoint = endpoints(gateway()).createWebhookEndpoint(CreateWebhookEndpointRequest.newBuilder()
        .setUrl(RECEIVER.url("/app")).addEventTypes("account.closed").build()).getEndpoint();
    String eventId = UUID.randomUUID().toString();
    OUTBOX.offer(OutboxEvent.newBuilder().setPosition(41).setPlatformId("platform-a").setEvent(WebhookEvent.newBuilder()
        .setId(eventId).setType("account.closed").setAccountId("user-9")
        .setAccountClosed(AccountClosed.getDefaultInstance())).build());

    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (RECEIVER.requests().isEmpty() || OUTBOX.acknowledged.isEmpty()) {
      assertThat(System.nanoTime()).as("delivered and acknowledged within 20 s").isLessThan(until);
      Thread.sleep(50);
    }

    assertThat(endpoint.getSecret()).startsWith("whsec_");
    assertThat(RECEIVER.requests().getFirst().header("webhook-id")).isEqualTo(eventId);
    assertThat(new String(RECEIVER.requests().getFirst().body())).contains("\"accountId\":\"user-9\"");
    assertThat(OUTBOX.acknowledged).containsExactly(41L);
    assertThat(endpoints(gateway()).listWebhookEndpoints(ListWebhookEndpointsRequest.getDefaultInstance())
        .getEndpointsList()).singleElement().satisfies(listed -> assertThat(listed.getSecret()).isEmpty());
    assertThat(http("/actuator/prometheus")).contains("idnet_webhook_deliveries_total{outcome=\"delivered\"} 1.0")
        .contains("idnet_webhook_outbox_lag_seconds{source=\"identity\"}");
  }

  @Test
  void onlyTheGatewayMayCallTheEndpointService() {
    ManagedChannel disclosure = DISCLOSURE_TLS.channel("localhost:" + targets.port, "webhook-dispatcher").build();
    try {
      assertThatThrownBy(() -> endpoints(disclosure).listWebhookEndpoints(ListWebhookEndpointsRequest
          .getDefaultInstance())).isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus()
          .getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    } finally {
      disclosure.shutdownNow();
    }
  }

  @Test
  void livenessAndReadinessAreUp() throws Exception {
    assertThat(http("/actuator/health/liveness")).contains("\"status\":\"UP\"");
    assertThat(http("/actuator/health/readiness")).contains("\"status\":\"UP\"");
  }

  String http(String path) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  static Path certificates(String... services) {
    try {
      Path root = Files.createTempDirectory("webhooks-test-tls");
      DevelopmentCa ca = DevelopmentCa.create("webhooks test CA", Duration.ofDays(1));
      for (String service : services) {
        ca.issueTo(root, service);
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** identity-service's outbox: what the test offers, until acknowledged. */
  static final class FakeOutbox extends EventOutboxServiceGrpc.EventOutboxServiceImplBase {
    final List<OutboxEvent> events = new CopyOnWriteArrayList<>();
    final List<Long> acknowledged = new CopyOnWriteArrayList<>();

    void offer(OutboxEvent event) {
      events.add(event);
    }

    @Override
    public void readEvents(ReadEventsRequest request, StreamObserver<ReadEventsResponse> responses) {
      responses.onNext(ReadEventsResponse.newBuilder().addAllEvents(events.stream()
          .filter(e -> !acknowledged.contains(e.getPosition())).limit(request.getLimit()).toList()).build());
      responses.onCompleted();
    }

    @Override
    public void acknowledgeEvents(AcknowledgeEventsRequest request, StreamObserver<AcknowledgeEventsResponse> responses) {
      acknowledged.addAll(request.getPositionsList());
      responses.onNext(AcknowledgeEventsResponse.getDefaultInstance());
      responses.onCompleted();
    }
  }
}
