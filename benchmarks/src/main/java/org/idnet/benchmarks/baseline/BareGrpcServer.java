package org.idnet.benchmarks.baseline;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;

/**
 * B_grpc of quality.md: a bare grpc-java server (Netty, defaults) whose only service is the
 * standard health service, so that {@code grpc.health.v1.Health/Check} is an empty unary call:
 * no interceptor, no caller check, no handler work.
 */
public final class BareGrpcServer {

  private BareGrpcServer() {
  }

  /** Serves until the process is stopped. */
  public static void serve(int port) throws IOException, InterruptedException {
    HealthStatusManager health = new HealthStatusManager();
    Server server = NettyServerBuilder.forPort(port)
        .addService(health.getHealthService())
        .build()
        .start();
    System.out.println("bare grpc-java server (health service only) on port " + server.getPort());
    server.awaitTermination();
  }
}
