package org.idnet.keysets.vault;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.idnet.keysets.KmsUnavailableException;

/**
 * The HTTP client that talks to Vault: https, hostname verified, trusting the CA certificates of
 * the configured PEM file (all of them, so a CA bundle during a CA rotation works) or else the
 * JVM's. Built here rather than by the driver, whose PEM option trusts only a bundle's first
 * certificate and whose defaults can be switched off by an environment variable
 * ({@code VAULT_SSL_VERIFY=false}).
 */
final class VaultHttp {

  private VaultHttp() {
  }

  static HttpClient client(VaultSettings settings, String caProperty) throws KmsUnavailableException {
    HttpClient.Builder builder = HttpClient.newBuilder()
        // Vault Agent's proxy refuses h2c; Vault itself answers HTTP/1.1 as well as h2.
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(settings.timeout())
        .followRedirects(HttpClient.Redirect.NEVER);
    if (settings.caFile() != null) {
      builder.sslContext(trusting(settings.caFile(), caProperty));
    }
    return builder.build();
  }

  private static SSLContext trusting(Path caFile, String caProperty) throws KmsUnavailableException {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(caFile)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new KmsUnavailableException("cannot read the CA certificates of " + caFile.toAbsolutePath() + " ("
          + caProperty + "): " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new KmsUnavailableException(caFile.toAbsolutePath() + " (" + caProperty + ") holds no PEM certificate");
    }
    try {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        trusted.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new KmsUnavailableException("cannot trust the CA certificates of " + caFile.toAbsolutePath(), e);
    }
  }
}
