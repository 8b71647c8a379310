package org.idnet.webhooks.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.idnet.webhooks.delivery.store.TargetPolicy;
import org.idnet.webhooks.endpoints.domain.EndpointRegistrar;
import org.idnet.webhooks.endpoints.domain.FailureReason;
import org.idnet.webhooks.endpoints.domain.IdempotencyClaim;
import org.idnet.webhooks.endpoints.domain.RevealedEndpoint;
import org.idnet.webhooks.endpoints.domain.WebhookException;
import org.idnet.webhooks.endpoints.store.HttpEndpointUrls;
import org.idnet.webhooks.endpoints.store.JdbcEndpointStore;
import org.idnet.webhooks.support.WebhooksDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registering endpoints against a real PostgreSQL: the limit, the Idempotency-Key, owner-only. */
class EndpointRegistrarTest {

  private final AtomicBoolean resolves = new AtomicBoolean(true);
  private EndpointRegistrar registrar;

  @BeforeEach
  void setUp() {
    WebhooksDatabase db = WebhooksDatabase.create();
    TargetPolicy targets = new TargetPolicy(false, host -> {
      if (!resolves.get()) {
        throw new UnknownHostException(host);
      }
      return List.of(InetAddress.getByName("93.184.215.14"));
    });
    registrar = new EndpointRegistrar(new JdbcEndpointStore(db.app(), db.transactions(), db.cipher()),
        new HttpEndpointUrls(targets), new SecureRandom(), Clock.systemUTC());
  }

  @Test
  void aPlatformHasAtMostTenEndpoints() {
    for (int i = 0; i < EndpointRegistrar.MAX_ENDPOINTS; i++) {
      create("platform-a", "https://hooks.example.com/" + i, Optional.empty());
    }

    assertThatThrownBy(() -> create("platform-a", "https://hooks.example.com/11", Optional.empty()))
        .isInstanceOfSatisfying(WebhookException.class, e -> assertThat(e.reason())
            .isEqualTo(FailureReason.TOO_MANY_WEBHOOK_ENDPOINTS));
    assertThat(create("platform-b", "https://hooks.example.com/b", Optional.empty())).isNotNull();
  }

  @Test
  void aRepeatWithTheSameKeyAnswersTheFirstEndpointEvenWhenItsHostNoLongerResolves() {
    IdempotencyClaim claim = new IdempotencyClaim("key-1", new byte[] {1, 2, 3});
    RevealedEndpoint first = create("platform-a", "https://hooks.example.com/in", Optional.of(claim));
    resolves.set(false);

    RevealedEndpoint again = create("platform-a", "https://hooks.example.com/in", Optional.of(claim));

    assertThat(again.endpoint().id()).isEqualTo(first.endpoint().id());
    assertThat(again.secret()).isEqualTo(first.secret());
    assertThat(registrar.list("platform-a")).hasSize(1);
    assertThatThrownBy(() -> create("platform-a", "https://hooks.example.com/other",
        Optional.of(new IdempotencyClaim("key-1", new byte[] {9}))))
        .isInstanceOfSatisfying(WebhookException.class, e -> assertThat(e.reason())
            .isEqualTo(FailureReason.IDEMPOTENCY_KEY_REUSED));
    // Keys are the platform's own: another platform's same key is another request.
    resolves.set(true);
    assertThat(create("platform-b", "https://hooks.example.com/in", Optional.of(claim)).endpoint().id())
        .isNotEqualTo(first.endpoint().id());
  }

  @Test
  void anotherPlatformsEndpointIsNotFoundForEveryCall() {
    RevealedEndpoint mine = create("platform-a", "https://hooks.example.com/in", Optional.empty());

    assertThat(registrar.list("platform-b")).isEmpty();
    for (Runnable call : List.<Runnable>of(() -> registrar.delete("platform-b", mine.endpoint().id()),
        () -> registrar.rotateSecret("platform-b", mine.endpoint().id()))) {
      assertThatThrownBy(call::run).isInstanceOfSatisfying(WebhookException.class, e -> assertThat(e.reason())
          .isEqualTo(FailureReason.NOT_FOUND));
    }
    assertThat(registrar.list("platform-a")).hasSize(1);
  }

  @Test
  void aUrlThatIsNotAPublicHttpsHostIsRefusedWithItsReason() {
    resolves.set(false);

    assertThatThrownBy(() -> create("platform-a", "https://hooks.example.com/in", Optional.empty()))
        .isInstanceOfSatisfying(WebhookException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.INVALID_WEBHOOK_URL);
          assertThat(e.field()).hasValue("url");
          assertThat(e.getMessage()).isEqualTo("the host does not resolve, in time, to public addresses only");
        });
    assertThatThrownBy(() -> create("platform-a", "http://hooks.example.com/in", Optional.empty()))
        .isInstanceOfSatisfying(WebhookException.class, e -> assertThat(e.getMessage())
            .isEqualTo("the URL must be https"));
  }

  private RevealedEndpoint create(String platform, String url, Optional<IdempotencyClaim> claim) {
    return registrar.create(platform, url, List.of("account.closed"), 0, 0, claim);
  }
}
