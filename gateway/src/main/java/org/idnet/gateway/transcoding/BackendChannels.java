package org.idnet.gateway.transcoding;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.idnet.gateway.config.GatewayProperties;
import org.idnet.tls.MutualTls;

/**
 * One long-lived, shared channel per backend, created at start-up and closed at shutdown; every
 * request to that backend multiplexes over it. (A channel per request, as Spring Cloud Gateway's
 * JsonToGrpc filter does, costs a TCP and HTTP/2 handshake per call and leaks under load.) Each
 * is mutual TLS 1.3: the gateway presents its certificate ({@code spiffe://idnet/gateway}, which is
 * what lets the services trust the caller it states) and accepts only the backend's own
 * ({@code spiffe://idnet/<peer>}).
 */
public final class BackendChannels implements AutoCloseable {

  /** The largest answer taken from a backend; a larger one fails the call (the OpenAPI document's outer bound). */
  public static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

  private final Map<String, Backend> byService = new LinkedHashMap<>();
  private final Map<String, Backend> byName = new LinkedHashMap<>();

  public BackendChannels(Map<String, GatewayProperties.BackendProperties> backends, MutualTls tls) {
    backends.forEach((name, props) -> {
      ManagedChannel channel = tls.open(tls.channel(props.target(), props.peer())
          // Answers complete a Reactor sink that only schedules work on the HTTP side: running
          // them on the channel's event loop spares a hand-off to grpc's cached thread pool per
          // call (a measurable share of the gateway's CPU on 2 cores).
          .directExecutor()
          // Keepalive and prompt reconnects (idnet.grpc.*) come with the channel from MutualTls.
          .maxInboundMessageSize(MAX_ANSWER_BYTES));
      Backend backend = new Backend(name, channel, props.deadline());
      byName.put(name, backend);
      for (String service : props.services()) {
        if (byService.putIfAbsent(service, backend) != null) {
          throw new IllegalArgumentException("service " + service + " is configured for two backends");
        }
      }
    });
  }

  /** The backend serving a proto service, if this gateway is configured to route it. */
  public Optional<Backend> forService(String serviceName) {
    return Optional.ofNullable(byService.get(serviceName));
  }

  public Map<String, Backend> backends() {
    return byName;
  }

  public java.util.Set<String> services() {
    return byService.keySet();
  }

  @Override
  public void close() {
    for (Backend backend : byName.values()) {
      backend.channel().shutdown();
    }
    for (Backend backend : byName.values()) {
      try {
        if (!backend.channel().awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) {
          backend.channel().shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        backend.channel().shutdownNow();
      }
    }
  }
}
