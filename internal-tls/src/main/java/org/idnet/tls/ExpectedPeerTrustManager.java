package org.idnet.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.idnet.caller.Peer;

/**
 * A client's trust: the server's chain must verify against the CA (the delegate) and its
 * certificate must name the service the client meant to reach ({@code spiffe://idnet/<service>}),
 * checked during the handshake, before any request leaves. This replaces host-name checks: a
 * certificate proves which idnet service it belongs to, whatever address it answered on.
 */
final class ExpectedPeerTrustManager extends X509ExtendedTrustManager {

  private final X509ExtendedTrustManager delegate;
  private final String expectedService;

  ExpectedPeerTrustManager(X509ExtendedTrustManager delegate, String expectedService) {
    this.delegate = delegate;
    this.expectedService = new Peer(expectedService).service();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, engine);
    requireExpected(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, socket);
    requireExpected(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate.checkServerTrusted(chain, authType);
    requireExpected(chain);
  }

  private void requireExpected(X509Certificate[] chain) throws CertificateException {
    String named = chain.length == 0 ? null : Peer.of(chain[0]).map(Peer::service).orElse(null);
    if (!expectedService.equals(named)) {
      throw new CertificateException("the server is " + (named == null ? "no idnet service" : named)
          + ", not " + expectedService);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("a client's trust manager checks servers only");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("a client's trust manager checks servers only");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("a client's trust manager checks servers only");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }
}
