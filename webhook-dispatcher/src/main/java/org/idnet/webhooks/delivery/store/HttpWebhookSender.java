package org.idnet.webhooks.delivery.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.idnet.webhooks.delivery.domain.SendResult;
import org.idnet.webhooks.delivery.domain.WebhookSender;

/**
 * Deliveries over Apache HttpClient 5. The connection goes to the address the target policy
 * checked ({@link HttpHost} with that address; the client's own resolver refuses every look-up,
 * so no second DNS answer is ever used), TLS names and verifies the URL's host. No redirect is
 * followed, no cookie kept, no proxy from system properties used; the whole call, connection
 * included, is cut at the endpoint's timeout; the answer's body is read up to a few KB and the
 * connection dropped if there is more.
 */
public final class HttpWebhookSender implements WebhookSender, AutoCloseable {

  private final CloseableHttpClient client;
  private final ScheduledExecutorService deadlines;
  private final int maxResponseBytes;
  private final TargetPolicy targets;

  /**
   * @param tls the trust for endpoints' certificates: the JVM's default CAs in production
   */
  public HttpWebhookSender(TargetPolicy targets, SSLContext tls, Duration connectTimeout, int maxResponseBytes,
      int maxConnections) {
    this.targets = targets;
    PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
        .setTlsSocketStrategy(new DefaultClientTlsStrategy(tls))
        .setDnsResolver(new RefusingResolver())
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(Timeout.of(connectTimeout))
            .setTimeToLive(org.apache.hc.core5.util.TimeValue.ofMinutes(5))
            .build())
        .setMaxConnTotal(maxConnections)
        .setMaxConnPerRoute(20)
        .build();
    this.client = HttpClients.custom()
        .setConnectionManager(connections)
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableAuthCaching()
        .disableContentCompression()
        .setUserAgent("idnet-webhooks/1")
        .build();
    this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "webhook-deadlines");
      thread.setDaemon(true);
      return thread;
    });
    this.maxResponseBytes = maxResponseBytes;
  }

  @Override
  public SendResult send(String url, Map<String, String> headers, byte[] body, Duration timeout) {
    WebhookTarget target;
    try {
      target = targets.resolve(targets.parse(url));
    } catch (RefusedTargetException e) {
      return SendResult.failed("refused: " + e.getMessage());
    }
    return send(target, headers, body, timeout);
  }

  /** To the address given, which the caller has checked. */
  public SendResult send(WebhookTarget target, Map<String, String> headers, byte[] body, Duration timeout) {
    URI url = target.url();
    HttpHost host = new HttpHost(url.getScheme(), target.address(), url.getHost(), port(url));
    HttpPost post = new HttpPost(url);
    headers.forEach(post::setHeader);
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    post.setConfig(RequestConfig.custom()
        .setResponseTimeout(Timeout.of(timeout))
        .setConnectionRequestTimeout(Timeout.of(timeout))
        .setRedirectsEnabled(false)
        .build());
    ScheduledFuture<?> deadline = deadlines.schedule(post::cancel, timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      ClassicHttpResponse response = client.executeOpen(host, post, HttpClientContext.create());
      // The status is the answer; the body is read only to keep the connection, and never beyond
      // the limit or the deadline.
      try {
        if (!readAtMost(response.getEntity())) {
          post.cancel();
        }
      } catch (IOException e) {
        post.cancel();
      }
      closeQuietly(response);
      return SendResult.answered(response.getCode());
    } catch (IOException | RuntimeException e) {
      return SendResult.failed(post.isCancelled() ? "no answer within " + timeout.toSeconds() + " s" : describe(e));
    } finally {
      deadline.cancel(false);
    }
  }

  /**
   * Reads the answer's body up to the limit and throws it away.
   *
   * @return false when there was more: the connection must then be dropped, since closing the
   *     stream would read the rest
   */
  private boolean readAtMost(HttpEntity entity) throws IOException {
    if (entity == null) {
      return true;
    }
    InputStream in = entity.getContent();
    byte[] buffer = new byte[1024];
    int total = 0;
    int n;
    while ((n = in.read(buffer, 0, Math.min(buffer.length, maxResponseBytes + 1 - total))) > 0) {
      total += n;
      if (total > maxResponseBytes) {
        return false;
      }
    }
    return true;
  }

  private static void closeQuietly(ClassicHttpResponse response) {
    try {
      response.close();
    } catch (IOException e) {
      // A dropped connection: the answer was read already.
    }
  }

  private static int port(URI url) {
    if (url.getPort() != -1) {
      return url.getPort();
    }
    return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
  }

  /** A few words, never the exception's message (it may quote the endpoint's answer). */
  static String describe(Exception e) {
    if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
      return "timed out";
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return "connection refused or unreachable";
    }
    if (e instanceof SSLException) {
      return "TLS failed (certificate or handshake)";
    }
    return "failed: " + e.getClass().getSimpleName();
  }

  @Override
  public void close() throws IOException {
    deadlines.shutdownNow();
    client.close();
  }

  /** Every target comes with its checked address; a look-up here would be a second, unchecked one. */
  private static final class RefusingResolver implements org.apache.hc.client5.http.DnsResolver {

    @Override
    public java.net.InetAddress[] resolve(String host) throws UnknownHostException {
      throw new UnknownHostException("webhook-dispatcher connects only to checked addresses");
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
      throw new UnknownHostException("webhook-dispatcher connects only to checked addresses");
    }
  }
}
