package org.idnet.gateway.docs;

import java.util.List;
import java.util.Map;
import org.idnet.gateway.routes.ApiRoute;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Serves the generated OpenAPI document at {@code /v3/api-docs}, without a token. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

  @Bean
  RouterFunction<ServerResponse> openApiRoute(List<ApiRoute> apiRoutes) {
    Map<String, Object> document = OpenApiDocument.of(apiRoutes);
    return RouterFunctions.route()
        .GET("/v3/api-docs", request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(document))
        .build();
  }
}
