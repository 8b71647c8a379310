package org.idnet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.EquivalentAddressGroup;
import io.grpc.ManagedChannel;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.idnet.tls.dev.DevelopmentCa;
import org.idnet.tls.spring.GrpcBalancingProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real mTLS gRPC servers (two pods of one backend) on two loopback ports, one channel from
 * {@link MutualTls#channel}. The name is resolved by a static resolver of the test (scheme
 * {@code pods}), standing in for DNS: this machine has no name that resolves to two addresses, and
 * a headless Service's {@code dns:///} name gives the channel the same thing, one address per pod.
 * The policy comes from the channel's default service config, whatever the resolver.
 */
class LoadBalancingTest {

  private static final Duration VALID = Duration.ofHours(1);

  @TempDir
  Path root;
  private DevelopmentCa ca;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<SocketAddress> pods = new CopyOnWriteArrayList<>();

  @BeforeEach
  void ca() {
    ca = DevelopmentCa.create("test CA", VALID);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  @Test
  void roundRobinSendsCallsToEveryPod() throws Exception {
    AtomicInteger a = new AtomicInteger();
    AtomicInteger b = new AtomicInteger();
    pods.add(serve(a, Duration.ofHours(1)));
    pods.add(serve(b, Duration.ofHours(1)));
    ManagedChannel channel = channel(MutualTls.ROUND_ROBIN);
    // Round robin picks among connections that are ready: until both are, the first takes every call.
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while ((a.get() == 0 || b.get() == 0) && System.nanoTime() < until) {
      call(channel, 1);
    }
    a.set(0);
    b.set(0);

    call(channel, 20);
    assertThat(a.get()).as("pod a").isEqualTo(10);
    assertThat(b.get()).as("pod b").isEqualTo(10);
  }

  /** What grpc-java does without the setting: one pod gets everything. */
  @Test
  void pickFirstSendsEveryCallToOnePod() throws Exception {
    AtomicInteger a = new AtomicInteger();
    AtomicInteger b = new AtomicInteger();
    pods.add(serve(a, Duration.ofHours(1)));
    pods.add(serve(b, Duration.ofHours(1)));

    call(channel("pick_first"), 20);
    assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(20, 0);
  }

  /** Scale-out: a pod added later gets calls once the servers' max connection age makes the client resolve again. */
  @Test
  void aPodAddedLaterGetsCallsAfterTheMaxConnectionAge() throws Exception {
    AtomicInteger a = new AtomicInteger();
    AtomicInteger b = new AtomicInteger();
    pods.add(serve(a, Duration.ofSeconds(1)));
    ManagedChannel channel = channel(MutualTls.ROUND_ROBIN);
    call(channel, 5);
    assertThat(a.get()).isEqualTo(5);

    pods.add(serve(b, Duration.ofSeconds(1)));
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (b.get() == 0 && System.nanoTime() < until) {
      call(channel, 4);
      Thread.sleep(200);
    }
    assertThat(b.get()).as("calls to the pod added later").isPositive();
  }

  private SocketAddress serve(AtomicInteger calls, Duration maxAge) throws Exception {
    MutualTls tls = MutualTls.load(TlsDirectory.require(ca.issue("identity-service", VALID)
        .writeTo(root.resolve("identity-" + open.size()))), Duration.ofMinutes(1));
    open.add(tls);
    ServerInterceptor counting = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        calls.incrementAndGet();
        return next.startCall(call, headers);
      }
    };
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
        tls.serverCredentials());
    new GrpcBalancingProperties("round_robin", maxAge, Duration.ofSeconds(1), Duration.ofSeconds(30),
        Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(10)).applyTo(builder);
    Server server = builder.addService(ServerInterceptors.intercept(new HealthStatusManager().getHealthService(), counting))
        .build().start();
    open.add(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return new InetSocketAddress("127.0.0.1", server.getPort());
  }

  @SuppressWarnings("deprecation") // nameResolverFactory: the one way to give one channel its own resolver
  private ManagedChannel channel(String policy) {
    MutualTls tls = MutualTls.load(TlsDirectory.require(ca.issue("gateway", VALID).writeTo(root.resolve("gateway-"
        + open.size()))), Duration.ofMinutes(1), policy);
    open.add(tls);
    ManagedChannel channel = tls.channel("pods:///identity-service", "identity-service")
        .nameResolverFactory(new StaticPods()).build();
    open.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }

  private static void call(ManagedChannel channel, int times) {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel).withWaitForReady()
        .withDeadlineAfter(5, TimeUnit.SECONDS);
    for (int i = 0; i < times; i++) {
      health.check(HealthCheckRequest.getDefaultInstance());
    }
  }

  /** Resolves to the addresses in {@link #pods} now, one group per pod, again at every refresh. */
  private final class StaticPods extends NameResolverProvider {

    @Override
    public NameResolver newNameResolver(URI target, NameResolver.Args args) {
      return new NameResolver() {
        private Listener2 listener;

        @Override
        public String getServiceAuthority() {
          return "identity-service";
        }

        @Override
        public void start(Listener2 listener) {
          this.listener = listener;
          refresh();
        }

        @Override
        public void refresh() {
          listener.onResult(ResolutionResult.newBuilder()
              .setAddresses(pods.stream().map(EquivalentAddressGroup::new).toList())
              .build());
        }

        @Override
        public void shutdown() {
        }
      };
    }

    @Override
    public String getDefaultScheme() {
      return "pods";
    }

    @Override
    protected boolean isAvailable() {
      return true;
    }

    @Override
    protected int priority() {
      return 5;
    }
  }
}
