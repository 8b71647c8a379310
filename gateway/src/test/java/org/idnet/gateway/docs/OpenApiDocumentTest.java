package org.idnet.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.idnet.gateway.routes.ApiCatalog;
import org.idnet.gateway.routes.ApiRoute;
import org.junit.jupiter.api.Test;

/** The document and the routing come from the same HTTP rules: every route is documented, nothing more. */
class OpenApiDocumentTest {

  @Test
  @SuppressWarnings("unchecked")
  void everyRouteOfTheContractIsDocumentedWithItsMethodAndStatus() {
    var routes = ApiCatalog.load().routes();
    Map<String, Object> doc = OpenApiDocument.of(routes);
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
    int operations = paths.values().stream().mapToInt(Map::size).sum();
    assertThat(operations).isEqualTo(routes.size());
    for (ApiRoute route : routes) {
      Map<String, Object> op = (Map<String, Object>) paths.get(route.path().template())
          .get(route.httpMethod().name().toLowerCase());
      assertThat(op).as(route.id()).isNotNull();
      assertThat(op.get("x-grpc-method")).isEqualTo(route.id());
      assertThat((Map<String, Object>) op.get("responses")).containsKey(Integer.toString(route.successStatus()));
    }
    Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("schemas");
    Map<String, Object> created = (Map<String, Object>) schemas.get("CreatePhoneVerificationRequest");
    assertThat((Map<String, Object>) created.get("properties")).containsOnlyKeys("accountId", "phoneNumber");
  }
}
