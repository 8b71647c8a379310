package org.idnet.caller.urls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** https anywhere, plain http to this machine alone, decided from the host as written (never resolved). */
class HttpsOnlyTest {

  @Test
  void httpsAnywhereAndPlainHttpOnlyToLoopbackHostsAsWritten() {
    assertThat(HttpsOnly.require("p", "https://register.gov.invalid/v1", "why")).hasHost("register.gov.invalid");
    assertThat(HttpsOnly.require("p", URI.create("https://10.0.0.5/x"), "why")).hasHost("10.0.0.5");
    for (String local : new String[] {"http://localhost:8180/x", "http://127.0.0.1:9/x", "http://127.1.2.3/x",
        "http://[::1]:8180/x", "HTTP://LOCALHOST/x", "http://[0:0:0:0:0:0:0:1]/x"}) {
      assertThat(HttpsOnly.require("p", local, "why")).as(local).isNotNull();
    }
  }

  @Test
  void plainHttpElsewhereOrAnotherSchemeIsRefusedNamingThePropertyAndWhy() {
    for (String remote : new String[] {"http://register.gov.invalid/v1", "http://10.0.0.5/x",
        "http://localhost.evil.example/x", "http://127.0.0.1.nip.io/x", "http://128.0.0.1/x", "http://127.0.0.256/x",
        "http://[::2]/x", "ftp://localhost/x", "register.gov.invalid/v1", "http:///x"}) {
      assertThatThrownBy(() -> HttpsOnly.require("idnet.identity.register.url", remote, "the key goes there"))
          .as(remote).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("idnet.identity.register.url must be an https:// URL")
          .hasMessageEndingWith(": the key goes there");
    }
    assertThatThrownBy(() -> HttpsOnly.require("q", "http://a b", "why")).hasMessage("q is not a URL");
    assertThatThrownBy(() -> HttpsOnly.require("q", (String) null, "why")).hasMessage("q is not a URL");
  }
}
