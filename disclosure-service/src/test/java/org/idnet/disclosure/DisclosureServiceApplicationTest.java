package org.idnet.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/** The skeleton on random ports: the gRPC server runs, reports health, and checks every caller. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.grpc.server.port=0",
    "idnet.caller.signing-key=ZGlzY2xvc3VyZS10ZXN0LWNhbGxlci1zaWduaW5nLWtleS0wMTIzNDU2Nzg5"})
class DisclosureServiceApplicationTest {

  static ManagedChannel channel;

  /** Learns the gRPC server's random port when it starts. */
  @TestConfiguration(proxyBeanMethods = false)
  static class GrpcPort implements ApplicationListener<GrpcServerStartedEvent> {
    volatile int port;

    @Override
    public void onApplicationEvent(GrpcServerStartedEvent event) {
      port = event.getPort();
    }
  }

  @Autowired
  GrpcPort grpcPort;

  @Value("${local.server.port}")
  int httpPort;

  ManagedChannel channel() {
    if (channel == null) {
      channel = Grpc.newChannelBuilder("localhost:" + grpcPort.port, InsecureChannelCredentials.create()).build();
    }
    return channel;
  }

  @AfterAll
  static void close() {
    if (channel != null) {
      channel.shutdownNow();
    }
  }

  String http(String path) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  @Test
  void grpcHealthIsServingOverARealSocket() {
    HealthCheckResponse health = HealthGrpc.newBlockingStub(channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance());

    assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void livenessAndReadinessAreUpAndMetricsExposed() throws Exception {
    assertThat(http("/actuator/health/liveness")).contains("\"status\":\"UP\"");
    assertThat(http("/actuator/health/readiness")).contains("\"status\":\"UP\"");
    assertThat(http("/actuator/prometheus")).contains("jvm_memory_used_bytes");
  }

  @Test
  void aMethodWithoutAccessPolicyIsDeniedByTheCallerInterceptor() throws Exception {
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    var requests = ServerReflectionGrpc.newStub(channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
        .serverReflectionInfo(new StreamObserver<>() {
          @Override
          public void onNext(ServerReflectionResponse value) {
            failure.complete(null);
          }

          @Override
          public void onError(Throwable t) {
            failure.complete(t);
          }

          @Override
          public void onCompleted() {
            failure.complete(null);
          }
        });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();

    assertThat(Status.fromThrowable(failure.get(10, TimeUnit.SECONDS)).getCode())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
  }
}
