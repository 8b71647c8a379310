package org.idnet.web.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/** The language links of a page rendered by a POST go to that page's GET, never to the POST's path. */
class LanguageAdviceTest {

  private static final String ID = "11111111-1111-1111-1111-111111111111";

  @Test
  void aGetPageLinksToItselfWithItsQuery() {
    var links = LanguageAdvice.links(MockServerWebExchange.from(MockServerHttpRequest.get("/transparency?year=2026&lang=vi")));
    assertThat(links).containsEntry("en", "/transparency?year=2026&lang=en").containsEntry("vi", "/transparency?year=2026&lang=vi");
  }

  @Test
  void aHostedPostLinksToTheFlowsPage() {
    // After a 422 on POST /verify/identity, GET /verify/identity would be 405.
    var links = LanguageAdvice.links(MockServerWebExchange.from(MockServerHttpRequest.post("/verify/identity")));
    assertThat(links).containsEntry("en", "/verify?lang=en").containsEntry("vi", "/verify?lang=vi");
  }

  @Test
  void aConsoleRequestPostLinksToTheRequestNotToItsApproveRoute() {
    // GET …/approve would start a new fresh login.
    var links = LanguageAdvice.links(MockServerWebExchange.from(
        MockServerHttpRequest.post("/console/requests/" + ID + "/approve?x=1")));
    assertThat(links).containsEntry("en", "/console/requests/" + ID + "?lang=en");
    assertThat(LanguageAdvice.links(MockServerWebExchange.from(MockServerHttpRequest.post("/console/requests"))))
        .containsEntry("en", "/console?lang=en");
  }
}
