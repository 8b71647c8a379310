package org.idnet.otp.store;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.idnet.otp.domain.SmsNotSentException;
import org.idnet.otp.domain.SmsSender;
import org.idnet.phone.PhoneNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production SMS provider: {@code POST url} with JSON {@code {to, text}} and the API key in a
 * header. Timeouts bound every call, and a circuit breaker stops calling a provider that keeps
 * failing, so a broken provider costs callers milliseconds, not seconds. Never retried here: a
 * retried send can reach the phone twice.
 */
public final class HttpSmsSender implements SmsSender, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpSmsSender.class);

  private final HttpClient client;
  private final URI url;
  private final String apiKeyHeader;
  private final String apiKey;
  private final Duration requestTimeout;
  private final CircuitBreaker breaker;

  public HttpSmsSender(URI url, String apiKeyHeader, String apiKey, Duration connectTimeout, Duration requestTimeout,
      CircuitBreaker breaker) {
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.url = url;
    this.apiKeyHeader = apiKeyHeader;
    this.apiKey = apiKey;
    this.requestTimeout = requestTimeout;
    this.breaker = breaker;
  }

  @Override
  public void send(PhoneNumber to, String text) {
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(requestTimeout)
        .header("Content-Type", "application/json")
        .header(apiKeyHeader, apiKey)
        .POST(HttpRequest.BodyPublishers.ofString(Json.object("to", to.e164(), "text", text)))
        .build();
    try {
      breaker.executeCheckedSupplier(() -> {
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
          // Logged here, where it is our own number: callers log a failure by its type only.
          LOG.warn("SMS provider answered HTTP {}", response.statusCode());
          throw new SmsNotSentException("SMS provider answered HTTP " + response.statusCode());
        }
        return null;
      });
    } catch (SmsNotSentException e) {
      throw e;
    } catch (CallNotPermittedException e) {
      throw new SmsNotSentException("SMS provider circuit breaker is open");
    } catch (HttpTimeoutException e) {
      throw new SmsNotSentException("SMS provider timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SmsNotSentException("interrupted while sending an SMS", e);
    } catch (IOException e) {
      throw new SmsNotSentException("SMS provider unreachable: " + e.getClass().getSimpleName(), e);
    } catch (Throwable e) {
      throw new SmsNotSentException("SMS provider call failed: " + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
