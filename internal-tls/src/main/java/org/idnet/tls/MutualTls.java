package org.idnet.tls;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextServerCredentials;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The mutual-TLS credentials of one idnet process, from its {@link TlsDirectory}. TLS 1.3 only;
 * servers require a client certificate that chains to the CA; clients require the server to be the
 * service they meant ({@link ExpectedPeerTrustManager}). The key, certificate and CA live in
 * grpc-java's AdvancedTls managers, which swap them atomically for the next handshake; {@link
 * FileWatch} re-reads the files when their modification time changes (checked every {@code
 * reloadEvery}), so a certificate cert-manager renews is presented without a restart, and open
 * connections keep the session they made. (The managers' own file polling enforces a minimum period
 * of a minute, too slow to test.)
 */
public final class MutualTls implements AutoCloseable {

  /** Only TLS 1.3: no downgrade, no renegotiation, forward secrecy always. */
  public static final String PROTOCOL = "TLSv1.3";

  private final AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
  private final AdvancedTlsX509TrustManager trust;
  private final ScheduledExecutorService reloader;
  /** The channels' load-balancing policy unless told otherwise: every pod behind a headless Service gets calls. */
  public static final String ROUND_ROBIN = "round_robin";

  private final SslContext server;
  private final String loadBalancingPolicy;
  private final ChannelUpkeep upkeep;

  private MutualTls(TlsDirectory directory, Duration reloadEvery, String loadBalancingPolicy, ChannelUpkeep upkeep)
      throws IOException, GeneralSecurityException {
    this.loadBalancingPolicy = loadBalancingPolicy;
    this.upkeep = upkeep;
    reloader = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "idnet-tls-reload");
      thread.setDaemon(true);
      return thread;
    });
    trust = AdvancedTlsX509TrustManager.newBuilder()
        // The chain only: who the peer is comes from its SPIFFE id, checked by the caller
        // interceptor (servers) or ExpectedPeerTrustManager (clients), not from host names.
        .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
        .build();
    FileWatch identity = new FileWatch(() -> keys.updateIdentityCredentials(directory.certificate().toFile(),
        directory.key().toFile()), directory.certificate(), directory.key());
    FileWatch authority = new FileWatch(() -> trust.updateTrustCredentials(directory.ca().toFile()), directory.ca());
    identity.load();
    authority.load();
    long period = Math.max(1, reloadEvery.toMillis());
    reloader.scheduleWithFixedDelay(() -> {
      identity.reloadIfChanged();
      authority.reloadIfChanged();
    }, period, period, TimeUnit.MILLISECONDS);
    server = GrpcSslContexts.configure(SslContextBuilder.forServer(keys))
        .trustManager(trust)
        .clientAuth(ClientAuth.REQUIRE)
        .protocols(PROTOCOL)
        .build();
  }

  /**
   * Loads the material of {@code directory} (checked by {@link TlsDirectory#require}) and re-reads
   * it every {@code reloadEvery}. Fails, naming the file, if it cannot be read.
   */
  public static MutualTls load(TlsDirectory directory, Duration reloadEvery) {
    return load(directory, reloadEvery, ROUND_ROBIN);
  }

  /** @param loadBalancingPolicy the channels' policy ({@code round_robin}, {@code pick_first}) */
  public static MutualTls load(TlsDirectory directory, Duration reloadEvery, String loadBalancingPolicy) {
    return load(directory, reloadEvery, loadBalancingPolicy, ChannelUpkeep.DEFAULT);
  }

  /** @param upkeep how the channels find out that a connection died without a word, and reconnect */
  public static MutualTls load(TlsDirectory directory, Duration reloadEvery, String loadBalancingPolicy,
      ChannelUpkeep upkeep) {
    try {
      return new MutualTls(directory, reloadEvery, loadBalancingPolicy, upkeep);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the TLS material in " + directory.directory() + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Builds the channel and caps its reconnect back-off at {@link ChannelUpkeep#reconnectEvery()}
   * ({@link PromptReconnect}): a backend that comes back after a restart gets calls within that.
   */
  public ManagedChannel open(NettyChannelBuilder builder) {
    return PromptReconnect.watch(builder.build(), upkeep.reconnectEvery(), reloader);
  }

  /** For a gRPC server: TLS 1.3, client certificate required. */
  public ServerCredentials serverCredentials() {
    return NettySslContextServerCredentials.create(server);
  }

  /** For a channel to {@code service} (e.g. {@code identity-service}): refuses any other server. */
  public ChannelCredentials channelCredentials(String service) {
    try {
      return NettySslContextChannelCredentials.create(GrpcSslContexts.forClient()
          .keyManager(keys)
          .trustManager(new ExpectedPeerTrustManager(trust, service))
          .protocols(PROTOCOL)
          .build());
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the TLS client context for " + service, e);
    }
  }

  /**
   * A channel builder to {@code target} that must reach {@code service}, balancing by this process's
   * policy over every address the target resolves to (a {@code dns:///} name of a headless Service:
   * one per ready pod; grpc-java's default, pick-first, would send everything to one pod). The policy
   * is the channel's default service config, and none is taken from DNS (TXT records), so the
   * setting alone decides. Connections are pinged when quiet ({@link ChannelUpkeep}), idle ones too, so a
   * half-open one is given up and replaced instead of swallowing every call until its deadline (the
   * services' channels had none: found by the fault suite, NetworkFaultIT).
   */
  public NettyChannelBuilder channel(String target, String service) {
    return NettyChannelBuilder.forTarget(target, channelCredentials(service))
        .defaultServiceConfig(Map.of("loadBalancingConfig", List.of(Map.of(loadBalancingPolicy, Map.of()))))
        .disableServiceConfigLookUp()
        .keepAliveTime(upkeep.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveTimeout(upkeep.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveWithoutCalls(true);
  }

  @Override
  public void close() {
    reloader.shutdownNow();
  }
}
