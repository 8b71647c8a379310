package org.idnet.tls.spring;

import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.idnet.tls.MutualTls;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.grpc.server.ShadedNettyGrpcServerFactory;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.grpc.server.service.GrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;

/**
 * The service's one gRPC server, on {@code spring.grpc.server.address}:{@code port}, over mutual
 * TLS 1.3 only. Spring gRPC's own server factory builds its credentials from an SSL bundle, which
 * can neither restrict the protocol to TLS 1.3 nor re-read rotated files, and a customizer cannot
 * change security once the builder exists; so this factory (Spring gRPC's shaded-Netty one, with
 * {@link MutualTls#serverCredentials()}) replaces it, and Boot's network server configurations back
 * off. There is no plaintext listener to fall back to. It registers the same discovered services
 * and global interceptors; {@code ServerBuilderCustomizer} beans apply, Boot's
 * {@code spring.grpc.server.keepalive/inbound} properties do not.
 *
 * <p>{@code spring.grpc.server.enabled=false} (as Boot's own server) leaves the server out: a
 * service started only to migrate its schema ({@code idnet.db.migrate-only}) listens on nothing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.grpc.server.enabled", havingValue = "true", matchIfMissing = true)
@Import(MutualTlsConfiguration.class)
public class MutualTlsServerConfiguration {

  private static final int DEFAULT_PORT = 9090;

  @Bean
  ShadedNettyGrpcServerFactory mutualTlsGrpcServerFactory(GrpcServerProperties properties, MutualTls tls,
      GrpcServiceDiscoverer discoverer, GrpcServiceConfigurer configurer,
      ObjectProvider<ServerBuilderCustomizer<NettyServerBuilder>> customizers, GrpcBalancingProperties balancing) {
    List<ServerBuilderCustomizer<NettyServerBuilder>> own = new java.util.ArrayList<>();
    // Connections end after idnet.grpc.max-connection-age, so clients re-resolve and spread over new pods.
    own.add(balancing::applyTo);
    own.addAll(customizers.orderedStream().toList());
    ShadedNettyGrpcServerFactory factory = new ShadedNettyGrpcServerFactory(address(properties), own, null, null, null) {
      @Override
      protected ServerCredentials credentials() {
        return tls.serverCredentials();
      }
    };
    discoverer.findServices().stream().map(spec -> configurer.configure(spec, factory)).forEach(factory::addService);
    return factory;
  }

  @Bean
  GrpcServerLifecycle mutualTlsGrpcServerLifecycle(ShadedNettyGrpcServerFactory factory,
      GrpcServerProperties properties, ApplicationEventPublisher publisher) {
    Duration grace = properties.getShutdown().getGracePeriod();
    return new GrpcServerLifecycle(factory, grace, publisher);
  }

  static String address(GrpcServerProperties properties) {
    int port = properties.getPort() == null ? DEFAULT_PORT : properties.getPort();
    InetAddress address = properties.getAddress();
    return (address == null ? "*" : address.getHostAddress()) + ":" + port;
  }
}
