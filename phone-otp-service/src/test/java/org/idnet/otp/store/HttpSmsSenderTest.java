package org.idnet.otp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.idnet.otp.domain.SmsNotSentException;
import org.idnet.phone.PhoneNumber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The production SMS client against a real local HTTP server. */
class HttpSmsSenderTest {

  private static final PhoneNumber TO = PhoneNumber.of(84, "912345678");
  private static final String API_KEY = "test-api-key-0123";

  record Received(String method, String contentType, String apiKey, String body) {
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(202);
  private final AtomicLong delayMillis = new AtomicLong();
  private HttpServer server;
  private ExecutorService executor;

  @BeforeEach
  void startProvider() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/v1/messages", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
          exchange.getRequestHeaders().getFirst("X-Api-Key"), body));
      try {
        Thread.sleep(delayMillis.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopProvider() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Test
  void sendWhenProviderAcceptsThenJsonBodyAndApiKeyHeader() {
    sender(breaker(10)).send(TO, "Your idnet code is 012345. \"quoted\"");

    assertThat(received).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.contentType()).isEqualTo("application/json");
      assertThat(r.apiKey()).isEqualTo(API_KEY);
      assertThat(r.body()).isEqualTo("{\"to\":\"+84912345678\",\"text\":\"Your idnet code is 012345. \\\"quoted\\\"\"}");
    });
  }

  @Test
  void sendWhenProviderAnswers500ThenNotSent() {
    status.set(500);
    assertThatThrownBy(() -> sender(breaker(10)).send(TO, "text"))
        .isInstanceOf(SmsNotSentException.class)
        .hasMessageContaining("500")
        .hasMessageNotContaining("912345678")
        .hasMessageNotContaining(API_KEY);
  }

  @Test
  void sendWhenProviderTooSlowThenTimesOutWithinTheRequestTimeout() {
    delayMillis.set(3000);
    long started = System.nanoTime();
    assertThatThrownBy(() -> sender(breaker(10)).send(TO, "text"))
        .isInstanceOf(SmsNotSentException.class)
        .hasMessageContaining("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
  }

  @Test
  void sendWhenProviderUnreachableThenNotSent() {
    server.stop(0);
    assertThatThrownBy(() -> sender(breaker(10)).send(TO, "text")).isInstanceOf(SmsNotSentException.class);
  }

  @Test
  void sendWhenFailuresRepeatThenBreakerOpensAndProviderIsNoLongerCalled() {
    status.set(503);
    HttpSmsSender sender = sender(breaker(3));
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> sender.send(TO, "text")).hasMessageContaining("503");
    }
    status.set(202);

    long started = System.nanoTime();
    assertThatThrownBy(() -> sender.send(TO, "text"))
        .isInstanceOf(SmsNotSentException.class)
        .hasMessageContaining("circuit breaker is open");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
    assertThat(received).hasSize(3);
  }

  private HttpSmsSender sender(CircuitBreaker breaker) {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/messages");
    return new HttpSmsSender(url, "X-Api-Key", API_KEY, Duration.ofMillis(500), Duration.ofMillis(400), breaker);
  }

  private static CircuitBreaker breaker(int minimumCalls) {
    return CircuitBreaker.of("sms-test", CircuitBreakerConfig.custom()
        .slidingWindowSize(minimumCalls)
        .minimumNumberOfCalls(minimumCalls)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofMinutes(1))
        .build());
  }
}
