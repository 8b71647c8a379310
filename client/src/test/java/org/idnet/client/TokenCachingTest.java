package org.idnet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.idnet.client.FakeIdnet.Answer;
import org.idnet.client.accounts.AccountVerification;
import org.idnet.client.errors.IdnetAuthenticationException;
import org.idnet.client.errors.IdnetException;
import org.idnet.client.errors.IdnetProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Client-credentials tokens: cached until shortly before expiry, shared by threads, replaced once on a 401. */
class TokenCachingTest {

  @RegisterExtension
  final FakeIdnet idnet = new FakeIdnet();

  @Test
  void tokenAskedByClientCredentialsWithBasicAuthentication() {
    idnet.client().build().checkAccount("alice");

    FakeIdnet.Request token = idnet.tokenRequests.get(0);
    assertThat(token.method()).isEqualTo("POST");
    assertThat(token.body()).isEqualTo("grant_type=client_credentials");
    assertThat(token.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
        .encodeToString("platform-a:platform-a-secret".getBytes(StandardCharsets.UTF_8)));
    assertThat(idnet.apiRequests.get(0).header("Authorization")).isEqualTo("Bearer token-1");
  }

  @Test
  void theSecretAndTheTokensGoInClearTextOnlyToThisMachine() {
    assertThatThrownBy(() -> idnet.client().baseUrl("http://api.idnet.example").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> idnet.client().tokenUrl("http://login.idnet.example/token").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokenUrl");
    assertThatThrownBy(() -> idnet.client().baseUrl("ftp://localhost").build())
        .isInstanceOf(IllegalArgumentException.class);

    for (String url : List.of("https://api.idnet.example", "http://localhost:8080", "http://127.0.0.1:8080/",
        "http://[::1]:8080")) {
      assertThat(idnet.client().baseUrl(url).tokenUrl(url + "/token").build()).as(url).isNotNull();
    }
    assertThat(idnet.tokenRequests).isEmpty();
  }

  @Test
  void callsShareOneTokenUntilThirtySecondsBeforeItExpires() {
    IdnetClient client = idnet.client().build();
    client.checkAccount("alice");
    client.checkAccount("alice");
    idnet.advance(Duration.ofSeconds(3600 - 30).minusMillis(1));
    client.checkAccount("alice");
    assertThat(idnet.tokenRequests).hasSize(1);

    idnet.advance(Duration.ofMillis(1));
    client.checkAccount("alice");

    assertThat(idnet.tokenRequests).hasSize(2);
    assertThat(idnet.apiRequests).extracting(r -> r.header("Authorization"))
        .containsExactly("Bearer token-1", "Bearer token-1", "Bearer token-1", "Bearer token-2");
  }

  @Test
  void aShortLivedTokenIsReplacedAtHalfItsLife() {
    idnet.expiresIn = 20;
    IdnetClient client = idnet.client().build();
    client.checkAccount("alice");
    idnet.advance(Duration.ofSeconds(9));
    client.checkAccount("alice");
    idnet.advance(Duration.ofSeconds(1));
    client.checkAccount("alice");

    assertThat(idnet.tokenRequests).hasSize(2);
  }

  @Test
  void threadsNeedingATokenAtOnceCauseOneTokenRequest() throws Exception {
    IdnetClient client = idnet.client().build();
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<AccountVerification>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        calls.add(threads.submit(() -> {
          go.await();
          return client.checkAccount("alice");
        }));
      }
      go.countDown();
      for (Future<AccountVerification> call : calls) {
        assertThat(call.get().accountId()).isEqualTo("alice");
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(idnet.apiRequests).hasSize(16);
    assertThat(idnet.tokenRequests).hasSize(1);
  }

  @Test
  void a401GetsOneNewTokenAndOneMoreTry() {
    idnet.api = request -> "Bearer token-1".equals(request.header("Authorization"))
        ? Answer.problem(401, "unauthenticated") : Answer.ok(FakeIdnet.VERIFICATION);

    // Even a call that is never retried otherwise: a 401 means nothing ran.
    assertThat(idnet.client().build().checkPhoneVerification("AAAAAAAAAAAAAAAAAAAAAA", "123456").status())
        .hasToString("PENDING");

    assertThat(idnet.tokenRequests).hasSize(2);
    assertThat(idnet.apiRequests).extracting(r -> r.header("Authorization"))
        .containsExactly("Bearer token-1", "Bearer token-2");
  }

  @Test
  void aSecond401IsThrown() {
    idnet.api = request -> Answer.problem(401, "unauthenticated");

    assertThatThrownBy(() -> idnet.client().build().checkAccount("alice"))
        .isInstanceOfSatisfying(IdnetProblemException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.isAccessDenied()).isTrue();
        });
    assertThat(idnet.apiRequests).hasSize(2);
    assertThat(idnet.tokenRequests).hasSize(2);
  }

  @Test
  void refusedCredentialsAreAnAuthenticationErrorAndNoCallIsMade() {
    idnet.tokenAnswer = new Answer(401, "{\"error\":\"invalid_client\",\"error_description\":\"bad secret\"}",
        "Content-Type", "application/json");

    assertThatThrownBy(() -> idnet.client().build().checkAccount("alice"))
        .isInstanceOfSatisfying(IdnetAuthenticationException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.error()).isEqualTo("invalid_client");
          assertThat(e.getMessage()).doesNotContain("platform-a-secret");
        });
    assertThat(idnet.apiRequests).isEmpty();
  }

  /**
   * The token endpoint failing while the token in hand is still good: calls go on with it, and the
   * failure is remembered a few seconds, so waiting threads do not each ask a failing endpoint.
   */
  @Test
  void aFailingTokenEndpointDoesNotStopCallsWhileTheTokenIsValidAndIsNotAskedAgainAtOnce() {
    IdnetClient client = idnet.client().build();
    client.checkAccount("alice");
    idnet.tokenAnswer = new Answer(503, "busy", "Content-Type", "text/plain");
    idnet.advance(Duration.ofSeconds(3600 - 20));

    client.checkAccount("alice");
    client.checkAccount("alice");
    assertThat(idnet.tokenRequests).as("one failed refresh, remembered").hasSize(2);
    assertThat(idnet.apiRequests).extracting(r -> r.header("Authorization")).containsOnly("Bearer token-1");

    idnet.advance(Duration.ofSeconds(25));
    // Expired now, and the endpoint still failing: an error, not an endless wait; not an authentication error.
    assertThatThrownBy(() -> client.checkAccount("alice")).isInstanceOf(IdnetException.class)
        .isNotInstanceOf(IdnetAuthenticationException.class).hasMessageContaining("HTTP 503");
    assertThatThrownBy(() -> client.checkAccount("alice")).isInstanceOf(IdnetException.class);
    assertThat(idnet.tokenRequests).as("the second caller failed at once, without asking").hasSize(3);
  }

  /** An {@code expires_in} of 0, negative or absurdly large is taken as a default or a day. */
  @Test
  void anAbsurdTokenLifetimeIsBounded() {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertThat(ClientCredentials.lifetime(json.valueToTree(0))).isEqualTo(ClientCredentials.DEFAULT_LIFETIME);
    assertThat(ClientCredentials.lifetime(json.valueToTree(-30))).isEqualTo(ClientCredentials.DEFAULT_LIFETIME);
    assertThat(ClientCredentials.lifetime(json.valueToTree("soon"))).isEqualTo(ClientCredentials.DEFAULT_LIFETIME);
    assertThat(ClientCredentials.lifetime(json.valueToTree(Long.MAX_VALUE))).isEqualTo(Duration.ofDays(1));
    assertThat(ClientCredentials.lifetime(json.valueToTree(300))).isEqualTo(Duration.ofSeconds(300));
  }

  /** A platform's own HttpClient that follows redirects would carry the token or the secret along: refused. */
  @Test
  void anHttpClientThatFollowsRedirectsIsRefused() {
    assertThatThrownBy(() -> idnet.client().httpClient(java.net.http.HttpClient.newBuilder()
        .followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redirects");
    assertThat(idnet.client().httpClient(java.net.http.HttpClient.newHttpClient()).build()).isNotNull();
  }
}
