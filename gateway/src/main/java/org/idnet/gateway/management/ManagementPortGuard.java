package org.idnet.gateway.management;

import java.net.InetSocketAddress;
import org.idnet.gateway.errors.ProblemWriter;
import org.idnet.gateway.errors.Titles;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Keeps the management port to actuator paths. Spring Boot serves the actuator on its own port
 * ({@code management.server.port}) from a child context whose HTTP handler also applies the
 * application's web filters and handler mappings: without this, the hot path and the API routes
 * would answer there too, a second entry beside the public port. The public port answers actuator
 * paths 404 because no actuator endpoint is mapped in its context.
 */
public final class ManagementPortGuard implements WebFilter, Ordered, ApplicationListener<WebServerInitializedEvent> {

  private static final String ACTUATOR = "/actuator";
  private volatile int managementPort = -1;

  /** Hears the management server start (its context's events reach the application's context). */
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
        return ProblemWriter.write(exchange.getResponse(), Titles.problem(404));
      }
    }
    return chain.filter(exchange);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  /** A constant: Spring names each web filter on every request by it (WebFilterNamesTest). */
  @Override
  public String toString() {
    return "ManagementPortGuard";
  }
}
