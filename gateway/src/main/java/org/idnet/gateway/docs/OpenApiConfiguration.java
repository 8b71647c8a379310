package org.idnet.gateway.docs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.idnet.gateway.config.GatewayProperties;
import org.idnet.gateway.routes.ApiRoute;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.netty.http.client.HttpClient;

/**
 * Serves the generated OpenAPI document at {@code /v3/api-docs}, without a token. Swagger UI
 * (springdoc, {@code /swagger-ui.html}) shows this document: springdoc's own, built by scanning
 * controllers, is switched off ({@code springdoc.enable-default-api-docs: false}), as the gateway has
 * none to scan. The document is built at start-up, so a contract whose limits cannot hold stops the
 * gateway; the token endpoint is filled in from the issuer when the document is first asked for.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

  public static final String PATH = "/v3/api-docs";

  @Bean
  RouterFunction<ServerResponse> openApiRoute(List<ApiRoute> apiRoutes, GatewayProperties properties) {
    String issuer = properties.jwt() == null ? null : properties.jwt().issuerUri();
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalStateException("idnet.gateway.jwt.issuer-uri is not set");
    }
    // Fails here, at start-up, on a limit or type the document cannot state.
    OpenApiDocument.of(apiRoutes, IssuerTokenEndpoint.keycloakTokenEndpoint(issuer));
    IssuerTokenEndpoint tokens = new IssuerTokenEndpoint(WebClient.builder()
        .clientConnector(new ReactorClientHttpConnector(HttpClient.create().responseTimeout(Duration.ofSeconds(3))))
        .build(), issuer);
    // One document per token endpoint: the stand-in's until discovery succeeds, then the issuer's.
    Map<String, Map<String, Object>> documents = new ConcurrentHashMap<>();
    return RouterFunctions.route()
        .GET(PATH, request -> tokens.tokenUrl()
            .map(url -> documents.computeIfAbsent(url, u -> OpenApiDocument.of(apiRoutes, u)))
            .flatMap(doc -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(doc)))
        .build();
  }
}
