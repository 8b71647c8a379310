package org.idnet.caller.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which CAs may sign the issuer's HTTPS certificate (discovery document and JWKS): the JVM's trust
 * store, or only the certificates of one PEM bundle ({@code idnet.gateway.jwt.trust-file},
 * {@code idnet.evidence.trust-file}), e.g. the cluster's store CA for an in-cluster
 * {@code https://keycloak-service:8443}. The file is read again at every fetch of the keys (at most a
 * few a minute), so a CA cert-manager rotates is used from the next fetch on, without a restart.
 * A file that cannot be read or holds no certificate fails that fetch, which keeps the last good keys.
 */
public final class IssuerTrust {

  private static final IssuerTrust JVM = new IssuerTrust(null);

  private final Path file;

  private IssuerTrust(Path file) {
    this.file = file;
  }

  /** @param file a PEM bundle of CA certificates; null: the JVM's trust store */
  public static IssuerTrust of(Path file) {
    return file == null ? JVM : new IssuerTrust(file);
  }

  /** Null when the JVM's trust store is meant. */
  public Path file() {
    return file;
  }

  /** Trust managers from the file as it is now (the JVM's own when no file is set). */
  public TrustManagerFactory trustManagers() throws IOException, GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (file == null) {
      factory.init((KeyStore) null);
      return factory;
    }
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(file)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("the issuer trust file " + file + " holds no certificate");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (Certificate certificate : certificates) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    factory.init(store);
    return factory;
  }

  /** A TLS client context trusting {@link #trustManagers()}. */
  public SSLContext sslContext() throws IOException, GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers().getTrustManagers(), null);
    return context;
  }
}
