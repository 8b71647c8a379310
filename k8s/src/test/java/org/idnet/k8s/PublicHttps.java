package org.idnet.k8s;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The gateway's public port as the edge reaches it: HTTPS, the server's certificate verified against
 * the gateway's CA alone and its host name (localhost here, gateway.idnet.svc in the cluster), TLS 1.3.
 */
final class PublicHttps {

  private PublicHttps() {
  }

  /** GET {@code https://localhost:<port><path>} with {@code headers} (name, value, ...), trusting only {@code ca}. */
  static HttpResponse<String> get(X509Certificate ca, int port, String path, List<String> headers)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().sslContext(trusting(ca)).sslParameters(tls13())
        .connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
        .timeout(Duration.ofSeconds(5)).GET();
    if (!headers.isEmpty()) {
      request.headers(headers.toArray(String[]::new));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Whether the port answers a plain-HTTP request at all (a TLS-only port closes the connection). */
  static boolean answersPlainHttp(int port) throws InterruptedException {
    try {
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static SSLContext trusting(X509Certificate ca) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("gateway-ca", ca);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLSv1.3");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SSLParameters tls13() {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(new String[] {"TLSv1.3"});
    return parameters;
  }
}
