package org.idnet.web.config;

import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The one HTTP connector of every outbound call of the web (the gateway, the issuer's token endpoint
 * and keys): TLS verified against the CAs of {@code idnet.web.trust-file} (one or more PEM files,
 * comma-separated, e.g. the cluster's gateway and Keycloak CAs), or the JVM's trust store when it is
 * not set. The files are read at start (a missing file or one without a certificate stops the web,
 * naming the setting) and again when one's modification time changes (looked at most every
 * {@link #RECHECK}): a CA cert-manager rotates is trusted from the next connection on, without a
 * restart; rotated files that cannot be read keep the last good CAs (logged). Connect timeout 3 s, response timeout 10 s (each client
 * has its own shorter timeout per call on top).
 */
public final class OutboundTrust implements ClientHttpConnector {

  public static final String SETTING = "idnet.web.trust-file";
  static final Duration RECHECK = Duration.ofSeconds(10);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(OutboundTrust.class);

  private final List<Path> files;
  private final Clock clock;
  private volatile Generation current;
  private volatile Instant nextCheck;

  /** One reading of the files: its own connection pool, so no connection outlives the CAs it was verified with. */
  private record Generation(List<FileTime> modified, ConnectionProvider pool, ClientHttpConnector connector) {
  }

  private OutboundTrust(List<Path> files, Clock clock) {
    this.files = files;
    this.clock = clock;
    this.nextCheck = clock.instant().plus(RECHECK);
  }

  /**
   * @param files PEM files of CA certificates; null or empty: the JVM's trust store
   * @throws IllegalStateException when a file is missing, unreadable or holds no certificate
   */
  public static OutboundTrust of(List<Path> files, Clock clock) {
    OutboundTrust trust = new OutboundTrust(files == null ? List.of() : List.copyOf(files), clock);
    if (trust.files.isEmpty()) {
      ConnectionProvider pool = pool();
      trust.current = new Generation(List.of(), pool, connector(HttpClient.create(pool)));
      return trust;
    }
    try {
      trust.current = trust.load();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(SETTING + " " + trust.files + " cannot be used: " + e.getMessage(), e);
    }
    return trust;
  }

  /** Empty when the JVM's trust store is used. */
  public List<Path> files() {
    return files;
  }

  @Override
  public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
      Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
    return connector().connect(method, uri, requestCallback);
  }

  private ClientHttpConnector connector() {
    Generation generation = current;
    if (files.isEmpty() || clock.instant().isBefore(nextCheck)) {
      return generation.connector();
    }
    synchronized (this) {
      nextCheck = clock.instant().plus(RECHECK);
      try {
        if (!modified().equals(current.modified())) {
          Generation old = current;
          current = load();
          // Calls under way on the old pool finish; its connections close a minute later.
          Mono.delay(Duration.ofMinutes(1)).then(old.pool().disposeLater()).subscribe();
          LOG.info("{}: {} read again (changed)", SETTING, files);
        }
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        LOG.warn("{}: {} changed but cannot be read ({}); the last good CAs stay trusted", SETTING, files,
            e.getMessage());
      }
      return current.connector();
    }
  }

  private List<FileTime> modified() throws IOException {
    List<FileTime> times = new ArrayList<>();
    for (Path file : files) {
      times.add(Files.getLastModifiedTime(file));
    }
    return times;
  }

  private Generation load() throws IOException, GeneralSecurityException {
    List<FileTime> modified = modified();
    SslContext tls = SslContextBuilder.forClient().trustManager(trustManagers(files)).build();
    ConnectionProvider pool = pool();
    return new Generation(modified, pool, connector(HttpClient.create(pool).secure(spec -> spec.sslContext(tls))));
  }

  private static ConnectionProvider pool() {
    return ConnectionProvider.builder("idnet-web-outbound").maxConnections(100).maxIdleTime(Duration.ofSeconds(30))
        .build();
  }

  private static ClientHttpConnector connector(HttpClient http) {
    return new ReactorClientHttpConnector(http
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
        .responseTimeout(RESPONSE_TIMEOUT));
  }

  static TrustManagerFactory trustManagers(List<Path> files) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (Path file : files) {
      Collection<? extends Certificate> certificates;
      try (InputStream in = Files.newInputStream(file)) {
        certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      if (certificates.isEmpty()) {
        throw new GeneralSecurityException(file + " holds no certificate");
      }
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory;
  }
}
