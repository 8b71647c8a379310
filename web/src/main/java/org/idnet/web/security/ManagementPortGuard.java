package org.idnet.web.security;

import java.net.InetSocketAddress;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Keeps the management port (health, metrics; loopback in the sandbox, the pod's probes in k8s) to
 * actuator paths, as the gateway's guard does: Boot's management context also applies the web's
 * filters and handlers, so without it the pages would answer there too. The public port has no
 * actuator endpoint (404).
 */
public final class ManagementPortGuard implements WebFilter, Ordered, ApplicationListener<WebServerInitializedEvent> {

  static final String ACTUATOR = "/actuator";
  private volatile int managementPort = -1;

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if ("management".equals(WebServerApplicationContext.getServerNamespace(event.getApplicationContext()))) {
      managementPort = event.getWebServer().getPort();
    }
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    InetSocketAddress local = exchange.getRequest().getLocalAddress();
    if (local != null && local.getPort() == managementPort) {
      String path = exchange.getRequest().getPath().pathWithinApplication().value();
      if (!path.equals(ACTUATOR) && !path.startsWith(ACTUATOR + "/")) {
        exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
        return exchange.getResponse().setComplete();
      }
    }
    return chain.filter(exchange);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
