package org.idnet.identity.store;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.idnet.identity.domain.CitizenId;
import org.idnet.identity.domain.PersonName;
import org.idnet.identity.domain.PopulationRegister;
import org.idnet.identity.domain.PopulationRegisterUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The national population register over HTTP: {@code POST {url}/v1/citizen-confirmations} with
 * JSON {@code {nationalId, fullName, dateOfBirth}} and the API key in a header; the answer is
 * {@code 200 {"confirmed": true|false}}. Anything else is "cannot answer", never "no", so a broken
 * register never turns into refused citizens.
 *
 * <p>Timeouts bound every call, and a circuit breaker stops calling a register that keeps failing,
 * so an outage costs callers milliseconds. Nothing of the request or the answer is logged or put
 * into an exception message: both hold personal data.
 */
public final class HttpPopulationRegister implements PopulationRegister, AutoCloseable {

  static final String PATH = "/v1/citizen-confirmations";
  /** A confirmation is a few bytes; more is a broken or hostile answer, not worth reading. */
  private static final int MAX_ANSWER_BYTES = 16 * 1024;
  /**
   * The longest a call may be allowed to take (connect and request timeouts together): well under
   * the minute after which attempts left in flight count as failures ({@link JdbcFailedConfirmations}),
   * so a live attempt is never taken for one a stopped process left.
   */
  public static final Duration MAX_CALL_TIME = Duration.ofSeconds(30);
  /** Closes an answer's body still arriving at the request's deadline (the JDK's timeout ends at its headers). */
  private static final ScheduledExecutorService BODY_DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "population-register-body-deadline");
    thread.setDaemon(true);
    return thread;
  });
  private static final Logger log = LoggerFactory.getLogger(HttpPopulationRegister.class);

  private final HttpClient client;
  private final URI endpoint;
  private final String apiKeyHeader;
  private final String apiKey;
  private final Duration requestTimeout;
  private final CircuitBreaker breaker;
  private final JsonMapper json = JsonMapper.builder().build();

  public HttpPopulationRegister(URI baseUrl, String apiKeyHeader, String apiKey, Duration connectTimeout,
      Duration requestTimeout, CircuitBreaker breaker) {
    if (connectTimeout.plus(requestTimeout).compareTo(MAX_CALL_TIME) > 0) {
      throw new IllegalArgumentException("idnet.identity.register connect-timeout + request-timeout must not exceed "
          + MAX_CALL_TIME.toSeconds() + " s: attempts in flight for a minute count as failures");
    }
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    String base = baseUrl.toString();
    this.endpoint = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + PATH);
    this.apiKeyHeader = apiKeyHeader;
    this.apiKey = apiKey;
    this.requestTimeout = requestTimeout;
    this.breaker = breaker;
    breaker.getEventPublisher().onStateTransition(event ->
        log.warn("population register circuit breaker: {}", event.getStateTransition()));
  }

  @Override
  public boolean confirms(CitizenId id, PersonName name, LocalDate dateOfBirth) {
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(requestTimeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .header(apiKeyHeader, apiKey)
        .POST(HttpRequest.BodyPublishers.ofString(body(id, name, dateOfBirth), StandardCharsets.UTF_8))
        .build();
    try {
      return breaker.executeCheckedSupplier(() -> call(request));
    } catch (PopulationRegisterUnavailableException e) {
      throw e;
    } catch (CallNotPermittedException e) {
      throw new PopulationRegisterUnavailableException("population register circuit breaker is open");
    } catch (HttpTimeoutException e) {
      throw new PopulationRegisterUnavailableException("population register timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PopulationRegisterUnavailableException("interrupted while asking the population register", e);
    } catch (IOException e) {
      throw new PopulationRegisterUnavailableException(
          "population register unreachable: " + e.getClass().getSimpleName(), e);
    } catch (Throwable e) {
      throw new PopulationRegisterUnavailableException(
          "population register call failed: " + e.getClass().getSimpleName(), e);
    }
  }

  private boolean call(HttpRequest request) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + requestTimeout.toNanos();
    HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    byte[] answer;
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new PopulationRegisterUnavailableException("population register answered HTTP " + response.statusCode());
      }
      // The request timeout covers the headers only: a body that stalls is cut at the same deadline.
      AtomicBoolean cut = new AtomicBoolean();
      ScheduledFuture<?> guard = BODY_DEADLINES.schedule(() -> {
        cut.set(true);
        try {
          in.close();
        } catch (IOException e) {
          log.debug("closing a stalled register answer: {}", e.getClass().getSimpleName());
        }
      }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      try {
        answer = in.readNBytes(MAX_ANSWER_BYTES + 1);
      } catch (IOException e) {
        if (cut.get()) {
          throw new HttpTimeoutException("population register answer not complete within the request timeout");
        }
        throw e;
      } finally {
        guard.cancel(false);
      }
      if (cut.get()) {
        throw new HttpTimeoutException("population register answer not complete within the request timeout");
      }
    }
    if (answer.length > MAX_ANSWER_BYTES) {
      throw new PopulationRegisterUnavailableException("population register answer too large");
    }
    JsonNode confirmed;
    try {
      JsonNode tree = json.readTree(answer);
      confirmed = tree == null ? null : tree.get("confirmed");
    } catch (JacksonException e) {
      // Not chained: a parser's message quotes the answer.
      throw new PopulationRegisterUnavailableException("population register answer is not JSON");
    }
    if (confirmed == null || !confirmed.isBoolean()) {
      throw new PopulationRegisterUnavailableException("population register answer has no boolean 'confirmed'");
    }
    return confirmed.booleanValue();
  }

  private String body(CitizenId id, PersonName name, LocalDate dateOfBirth) {
    return json.writeValueAsString(json.createObjectNode()
        .put("nationalId", id.value())
        .put("fullName", name.value())
        .put("dateOfBirth", dateOfBirth.toString()));
  }

  @Override
  public void close() {
    client.close();
  }
}
