package org.idnet.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

class RouteOrderTest {

  private final List<ApiRoute> ordered = RouteOrder.of(ApiCatalog.load().routes());

  @Test
  void theHotPathIsTriedFirst() {
    assertThat(ordered.subList(0, 2)).extracting(r -> r.method().getName())
        .containsExactlyInAnyOrder("CheckAccount", "LookupAccounts");
  }

  @Test
  void noRouteTakesARequestMeantForALaterOne() {
    PathPatternParser parser = new PathPatternParser();
    for (int i = 0; i < ordered.size(); i++) {
      for (int j = i + 1; j < ordered.size(); j++) {
        ApiRoute earlier = ordered.get(i);
        ApiRoute later = ordered.get(j);
        if (!earlier.httpMethod().equals(later.httpMethod())) {
          continue;
        }
        String request = later.path().template().replaceAll("\\{[^}]+}", "x");
        assertThat(parser.parse(earlier.path().springPattern()).matches(PathContainer.parsePath(request)))
            .as(earlier.id() + " before " + later.id() + " would take " + request).isFalse();
      }
    }
  }

  @Test
  void everyRouteKeepsItsPlace() {
    assertThat(ordered).hasSameSizeAs(ApiCatalog.load().routes()).doesNotHaveDuplicates();
  }
}
