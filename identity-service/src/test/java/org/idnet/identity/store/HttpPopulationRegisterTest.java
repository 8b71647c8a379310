package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.idnet.identity.domain.CitizenId;
import org.idnet.identity.domain.PersonName;
import org.idnet.identity.domain.PopulationRegisterUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The production register client against a real local HTTP server. */
class HttpPopulationRegisterTest {

  private static final CitizenId ID = CitizenId.parse("079301234567");
  private static final PersonName NAME = PersonName.normalize("Nguyễn Thị Hoa");
  private static final LocalDate BORN = LocalDate.of(2001, 2, 3);
  private static final String API_KEY = "register-test-api-key-0123";

  record Received(String method, String path, String contentType, String apiKey, String body) {
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicReference<String> answer = new AtomicReference<>("{\"confirmed\":true}");
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean hang;
  private volatile boolean stallBody;
  private HttpServer server;
  private ExecutorService executor;
  private HttpPopulationRegister register;

  @BeforeEach
  void startRegister() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("X-Api-Key"),
          body));
      if (hang) {
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] out = answer.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      if (stallBody) {
        // The headers and a first byte at once, the rest never (until the test ends).
        exchange.sendResponseHeaders(200, out.length);
        exchange.getResponseBody().write(out, 0, 1);
        exchange.getResponseBody().flush();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        exchange.close();
        return;
      }
      exchange.sendResponseHeaders(status.get(), out.length == 0 ? -1 : out.length);
      exchange.getResponseBody().write(out);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopRegister() {
    release.countDown();
    if (register != null) {
      register.close();
    }
    server.stop(0);
    executor.shutdownNow();
  }

  @Test
  void confirmsWhenRegisterSaysConfirmedThenTrue() {
    assertThat(register(breaker(10)).confirms(ID, NAME, BORN)).isTrue();
  }

  @Test
  void confirmsWhenRegisterSaysNotConfirmedThenFalse() {
    answer.set("{\"confirmed\": false}");

    assertThat(register(breaker(10)).confirms(ID, NAME, BORN)).isFalse();
  }

  @Test
  void confirmsPostsExactlyTheThreeFieldsWithTheApiKeyToTheConfirmationPath() {
    register(breaker(10)).confirms(ID, NAME, BORN);

    assertThat(received).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.path()).isEqualTo("/base/v1/citizen-confirmations");
      assertThat(r.contentType()).isEqualTo("application/json");
      assertThat(r.apiKey()).isEqualTo(API_KEY);
      JsonNode body = JsonMapper.builder().build().readTree(r.body());
      assertThat(body.propertyNames()).containsExactlyInAnyOrderElementsOf(
          Set.of("nationalId", "fullName", "dateOfBirth"));
      assertThat(body.get("nationalId").asString()).isEqualTo("079301234567");
      assertThat(body.get("fullName").asString()).isEqualTo("Nguyễn Thị Hoa");
      assertThat(body.get("dateOfBirth").asString()).isEqualTo("2001-02-03");
    });
  }

  @Test
  void confirmsWhenRegisterAnswers500ThenUnavailableNamingOnlyTheStatus() {
    status.set(500);
    answer.set("{\"error\":\"boom\"}");

    PopulationRegisterUnavailableException e = unavailable(register(breaker(10)));

    assertThat(e).hasMessageContaining("500");
    assertNothingPersonalIn(e);
  }

  @Test
  void confirmsWhenAnswerIsNotAConfirmationThenUnavailableNeverNo() {
    HttpPopulationRegister register = register(breaker(100));
    for (String broken : List.of("not json", "", "{}", "{\"confirmed\":\"false\"}", "{\"confirmed\":null}", "[true]",
        "{\"confirmed\":" + "0".repeat(20_000) + "}")) {
      answer.set(broken);
      assertThat(unavailable(register)).as(broken.length() > 30 ? "oversized" : broken).isNotNull();
    }
    status.set(404);
    answer.set("{\"confirmed\":false}");
    assertThat(unavailable(register)).hasMessageContaining("404");
  }

  @Test
  void confirmsWhenRegisterTooSlowThenUnavailableWithinTheRequestTimeout() {
    hang = true;
    long started = System.nanoTime();

    PopulationRegisterUnavailableException e = unavailable(register(breaker(10)));

    assertThat(e).hasMessageContaining("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2000));
  }

  /**
   * The JDK's request timeout ends when the headers arrive; a body that stalls after them is cut
   * at the same deadline, so no attempt stays with the register long enough to be taken for one a
   * stopped process left in flight (JdbcFailedConfirmations counts those as failures after a minute).
   */
  @Test
  void confirmsWhenTheAnswerStallsAfterItsHeadersThenUnavailableWithinTheRequestTimeout() {
    stallBody = true;
    long started = System.nanoTime();

    PopulationRegisterUnavailableException e = unavailable(register(breaker(10)));

    assertThat(e).hasMessageContaining("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void timeoutsAddingUpToMoreThanThirtySecondsAreRefusedAtStart() {
    assertThatThrownBy(() -> new HttpPopulationRegister(URI.create("http://127.0.0.1:1"), "X-Api-Key", API_KEY,
        Duration.ofSeconds(5), Duration.ofSeconds(26), breaker(10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not exceed 30 s");
  }

  @Test
  void confirmsWhenRegisterUnreachableThenUnavailable() {
    server.stop(0);

    assertThat(unavailable(register(breaker(10)))).hasMessageContaining("unreachable");
  }

  @Test
  void confirmsWhenFailuresRepeatThenBreakerOpensAndRegisterIsNoLongerCalled() {
    status.set(503);
    HttpPopulationRegister register = register(breaker(3));
    for (int i = 0; i < 3; i++) {
      assertThat(unavailable(register)).hasMessageContaining("503");
    }
    status.set(200);

    long started = System.nanoTime();
    PopulationRegisterUnavailableException e = unavailable(register);

    assertThat(e).hasMessageContaining("circuit breaker is open");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(200));
    assertThat(received).hasSize(3);
  }

  @Test
  void confirmsWhenBreakerWaitIsOverThenProbesAndClosesOnSuccess() throws Exception {
    status.set(500);
    CircuitBreaker breaker = CircuitBreaker.of("register-test", CircuitBreakerConfig.custom()
        .slidingWindowSize(2).minimumNumberOfCalls(2).failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofMillis(200)).permittedNumberOfCallsInHalfOpenState(1).build());
    HttpPopulationRegister register = register(breaker);
    unavailable(register);
    unavailable(register);
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    status.set(200);
    Thread.sleep(300);

    assertThat(register.confirms(ID, NAME, BORN)).isTrue();
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aNotConfirmedAnswerIsNoFailureForTheBreaker() {
    answer.set("{\"confirmed\":false}");
    CircuitBreaker breaker = breaker(3);
    HttpPopulationRegister register = register(breaker);
    for (int i = 0; i < 10; i++) {
      assertThat(register.confirms(ID, NAME, BORN)).isFalse();
    }

    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(received).hasSize(10);
  }

  private HttpPopulationRegister register(CircuitBreaker breaker) {
    // A trailing slash on the base URL is tolerated.
    register = new HttpPopulationRegister(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/base/"),
        "X-Api-Key", API_KEY, Duration.ofSeconds(1), Duration.ofMillis(500), breaker);
    return register;
  }

  private static CircuitBreaker breaker(int window) {
    return CircuitBreaker.of("register-test", CircuitBreakerConfig.custom()
        .slidingWindowSize(window).minimumNumberOfCalls(window).failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofMinutes(1)).build());
  }

  private static PopulationRegisterUnavailableException unavailable(HttpPopulationRegister register) {
    PopulationRegisterUnavailableException e = catchThrowableOfType(PopulationRegisterUnavailableException.class,
        () -> register.confirms(ID, NAME, BORN));
    assertThat(e).as("unavailable").isNotNull();
    assertNothingPersonalIn(e);
    return e;
  }

  private static void assertNothingPersonalIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(ID.value()).doesNotContain("Nguyễn")
          .doesNotContain("2001-02-03").doesNotContain(API_KEY).doesNotContain("boom");
    }
  }
}
