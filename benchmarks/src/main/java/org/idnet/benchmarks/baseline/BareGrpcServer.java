package org.idnet.benchmarks.baseline;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.idnet.tls.MutualTls;
import org.idnet.tls.TlsDirectory;

/**
 * B_grpc of quality.md: a bare grpc-java server (Netty, defaults) whose only service is the
 * standard health service, so that {@code grpc.health.v1.Health/Check} is an empty unary call:
 * no interceptor, no caller check, no handler work. Over the same mutual TLS 1.3 as the services
 * (a service's sandbox certificate), so that B_grpc and P2/P3 pay for the same transport.
 */
public final class BareGrpcServer {

  private BareGrpcServer() {
  }

  /** Serves until the process is stopped, with the TLS files of {@code tls}. */
  public static void serve(int port, Path tls) throws IOException, InterruptedException {
    HealthStatusManager health = new HealthStatusManager();
    MutualTls credentials = MutualTls.load(TlsDirectory.require(tls), Duration.ofMinutes(1));
    Server server = NettyServerBuilder.forPort(port, credentials.serverCredentials())
        .addService(health.getHealthService())
        .build()
        .start();
    System.out.println("bare grpc-java server (health service only) on port " + server.getPort());
    server.awaitTermination();
  }
}
