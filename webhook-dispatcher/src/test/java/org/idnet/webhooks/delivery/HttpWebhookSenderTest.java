package org.idnet.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.idnet.tls.dev.DevelopmentCa;
import org.idnet.webhooks.delivery.domain.SendResult;
import org.idnet.webhooks.delivery.store.HttpWebhookSender;
import org.idnet.webhooks.delivery.store.TargetPolicy;
import org.idnet.webhooks.delivery.store.WebhookTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sender against real servers on loopback: what it does not do matters as much as what it does. */
class HttpWebhookSenderTest {

  private static final byte[] BODY = "{\"id\":\"x\"}".getBytes();
  private static final TargetPolicy TARGETS = new TargetPolicy(true, host -> java.util.List.of(
      InetAddress.getLoopbackAddress()));
  private final DevelopmentCa ca = DevelopmentCa.create("webhook test CA", Duration.ofHours(1));
  private HttpServer server;
  private HttpWebhookSender sender;

  @AfterEach
  void tearDown() throws Exception {
    if (server != null) {
      server.stop(0);
    }
    if (sender != null) {
      sender.close();
    }
  }

  @Test
  void aRedirectIsAnAnswerNotAnInstruction() throws Exception {
    AtomicInteger followed = new AtomicInteger();
    server = plain();
    server.createContext("/hooks", exchange -> {
      exchange.getResponseHeaders().add("Location", "/elsewhere");
      exchange.sendResponseHeaders(307, -1);
      exchange.close();
    });
    server.createContext("/elsewhere", exchange -> {
      followed.incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    sender = new HttpWebhookSender(TARGETS, SSLContext.getDefault(), Duration.ofSeconds(2), 4096, 4);

    SendResult result = sender.send(target("http", "/hooks"), Map.of(), BODY, Duration.ofSeconds(5));

    assertThat(result.delivered()).isFalse();
    assertThat(result.error()).isEqualTo("HTTP 307");
    assertThat(followed).hasValue(0);
  }

  @Test
  void anEndlessAnswerIsCutAfterTheLimitAndDoesNotHoldTheThread() throws Exception {
    server = plain();
    server.createContext("/hooks", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        byte[] chunk = new byte[8192];
        for (int i = 0; i < 1_000_000; i++) {
          out.write(chunk);
        }
      } catch (java.io.IOException expected) {
        // the sender hung up
      }
    });
    sender = new HttpWebhookSender(TARGETS, SSLContext.getDefault(), Duration.ofSeconds(2), 4096, 4);

    long start = System.nanoTime();
    SendResult result = sender.send(target("http", "/hooks"), Map.of(), BODY, Duration.ofSeconds(20));

    assertThat(result.status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("8 GB were not read").isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aReceiverThatDoesNotAnswerInTimeFailsTheAttempt() throws Exception {
    server = plain();
    server.createContext("/hooks", exchange -> {
      sleep(Duration.ofSeconds(5));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    sender = new HttpWebhookSender(TARGETS, SSLContext.getDefault(), Duration.ofSeconds(2), 4096, 4);

    SendResult result = sender.send(target("http", "/hooks"), Map.of(), BODY, Duration.ofSeconds(2));

    assertThat(result.delivered()).isFalse();
    assertThat(result.error()).isEqualTo("no answer within 2 s");
  }

  @Test
  void aBodyDrippedAfterTheStatusHoldsTheAttemptNoLongerThanTheTimeout() throws Exception {
    server = plain();
    server.createContext("/hooks", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        for (int i = 0; i < 100; i++) {
          out.write('x');
          out.flush();
          sleep(Duration.ofMillis(500));
        }
      } catch (java.io.IOException expected) {
        // the sender hung up
      }
    });
    sender = new HttpWebhookSender(TARGETS, SSLContext.getDefault(), Duration.ofSeconds(2), 4096, 4);

    long start = System.nanoTime();
    SendResult result = sender.send(target("http", "/hooks"), Map.of(), BODY, Duration.ofSeconds(2));

    assertThat(result.status()).as("the status answered").isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void httpsVerifiesTheCertificateAgainstTheUrlsHostNotTheAddress() throws Exception {
    server = https(ca.issueServer(Duration.ofHours(1), "hooks.test").serverContext());
    server.createContext("/hooks", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    sender = new HttpWebhookSender(TARGETS, trusting(ca), Duration.ofSeconds(2), 4096, 4);

    SendResult good = sender.send(target("https", "/hooks"), Map.of(), BODY, Duration.ofSeconds(5));
    SendResult wrongName = sender.send(new WebhookTarget(URI.create("https://other.test:" + port() + "/hooks"),
        InetAddress.getLoopbackAddress()), Map.of(), BODY, Duration.ofSeconds(5));
    SendResult untrusted;
    try (HttpWebhookSender defaultTrust = new HttpWebhookSender(TARGETS, SSLContext.getDefault(), Duration.ofSeconds(2),
        4096, 4)) {
      untrusted = defaultTrust.send(target("https", "/hooks"), Map.of(), BODY, Duration.ofSeconds(5));
    }

    assertThat(good.status()).isEqualTo(204);
    assertThat(wrongName.error()).isEqualTo("TLS failed (certificate or handshake)");
    assertThat(untrusted.error()).isEqualTo("TLS failed (certificate or handshake)");
  }

  @Test
  void aClosedPortIsAFailureNotAnException() throws Exception {
    sender = new HttpWebhookSender(TARGETS, SSLContext.getDefault(), Duration.ofSeconds(2), 4096, 4);
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }

    SendResult result = sender.send(new WebhookTarget(URI.create("http://hooks.test:" + closed + "/"),
        InetAddress.getLoopbackAddress()), Map.of(), BODY, Duration.ofSeconds(5));

    assertThat(result).isEqualTo(SendResult.failed("connection refused or unreachable"));
  }

  private WebhookTarget target(String scheme, String path) {
    return new WebhookTarget(URI.create(scheme + "://hooks.test:" + port() + path), InetAddress.getLoopbackAddress());
  }

  private int port() {
    return server.getAddress().getPort();
  }

  private static HttpServer plain() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    return server;
  }

  private static HttpServer https(SSLContext context) throws Exception {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    return server;
  }

  private static SSLContext trusting(DevelopmentCa ca) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
