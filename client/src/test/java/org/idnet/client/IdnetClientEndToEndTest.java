package org.idnet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.idnet.client.accounts.AccountVerification;
import org.idnet.client.accounts.AgeBand;
import org.idnet.client.accounts.Capability;
import org.idnet.client.accounts.RealName;
import org.idnet.client.accounts.VerificationLevel;
import org.idnet.client.accounts.VerificationStatus;
import org.idnet.client.errors.IdnetAuthenticationException;
import org.idnet.client.errors.IdnetProblemException;
import org.idnet.client.phone.PhoneVerification;
import org.idnet.client.phone.PhoneVerificationStatus;
import org.idnet.sandbox.ProcessLogs;
import org.idnet.sandbox.SandboxNetwork;
import org.idnet.sandbox.SandboxSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The client against the real network, started as the sandbox starts it (embedded stores, the OIDC
 * issuer, every service and the gateway as processes, on free ports), with tokens from the issuer's
 * token endpoint for the sandbox's development client platform-a. Resends are allowed after 2 s
 * instead of 60 so the resend path is walked in the test's time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdnetClientEndToEndTest {

  static final Duration RESEND_INTERVAL = Duration.ofSeconds(2);
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static Path data;
  static SandboxNetwork network;
  static IdnetClient idnet;

  @BeforeAll
  static void startNetwork() throws Exception {
    data = Files.createTempDirectory("idnet-client-e2e");
    Path home = Path.of(System.getProperty("idnet.home", "..")).toAbsolutePath().normalize();
    network = SandboxNetwork.start(SandboxSettings.onFreePorts(home, data, SandboxSettings.IssuerKind.LIGHT),
        Map.of("phone-otp-service", List.of("--idnet.otp.limits.resend-interval=" + RESEND_INTERVAL.toSeconds() + "s")),
        ProcessLogs.ofTest(IdnetClientEndToEndTest.class));
    idnet = client("platform-a-secret");
  }

  @AfterAll
  static void stopNetwork() throws IOException {
    if (network != null) {
      network.close();
    }
    if (data != null) {
      try (Stream<Path> files = Files.walk(data)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  static IdnetClient client(String secret) {
    // As the README's "Integrate in 15 minutes" builds it.
    return IdnetClient.builder()
        .baseUrl(network.gatewayUrl())
        .tokenUrl(network.tokenEndpoint())
        .clientId("platform-a")
        .clientSecret(secret)
        .build();
  }

  @Test
  @Order(1)
  void aPhoneIsBoundByStartResendAndCheck() throws Exception {
    AccountVerification before = idnet.checkAccount("client-alice");
    assertThat(before.status()).isEqualTo(VerificationStatus.UNVERIFIED);
    assertThat(before.level()).isEqualTo(VerificationLevel.NONE);
    assertThat(before.capabilities()).isEmpty();

    PhoneVerification started = idnet.startPhoneVerification("client-alice", "0912000111");
    assertThat(started.status()).isEqualTo(PhoneVerificationStatus.PENDING);
    assertThat(started.phoneNumber()).isEqualTo("+8491*****11");
    assertThat(started.attemptsRemaining()).isEqualTo(5);
    assertThat(sms("+84912000111")).hasSize(1);

    // Too early: a typed 429 with Retry-After, not retried by the client (a resend is an SMS).
    assertThatThrownBy(() -> idnet.resendPhoneVerification(started.id()))
        .isInstanceOfSatisfying(IdnetProblemException.class, e -> {
          assertThat(e.isRateLimited()).isTrue();
          assertThat(e.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isPositive()
              .isLessThanOrEqualTo(RESEND_INTERVAL.plusSeconds(1)));
        });
    assertThat(sms("+84912000111")).hasSize(1);

    Thread.sleep(Math.max(0, Duration.between(Instant.now(), started.resendAvailableAt()).toMillis()) + 200);
    PhoneVerification resent = idnet.resendPhoneVerification(started.id());
    assertThat(resent.status()).isEqualTo(PhoneVerificationStatus.PENDING);
    List<String> codes = sms("+84912000111");
    assertThat(codes).hasSize(2);
    String code = codes.get(0);

    String wrong = code.equals("000000") ? "111111" : "000000";
    assertThat(idnet.checkPhoneVerification(started.id(), wrong).attemptsRemaining()).isEqualTo(4);
    assertThat(idnet.checkPhoneVerification(started.id(), code).status()).isEqualTo(PhoneVerificationStatus.APPROVED);
    assertThat(idnet.getPhoneVerification(started.id()).status()).isEqualTo(PhoneVerificationStatus.APPROVED);

    assertThatThrownBy(() -> idnet.checkPhoneVerification(started.id(), code))
        .isInstanceOfSatisfying(IdnetProblemException.class, e -> {
          assertThat(e.isConflict()).isTrue();
          assertThat(e.code()).isEqualTo("verification-closed");
        });

    AccountVerification after = idnet.checkAccount("client-alice");
    assertThat(after.status()).isEqualTo(VerificationStatus.VERIFIED);
    assertThat(after.level()).isEqualTo(VerificationLevel.PHONE);
    assertThat(after.verifiedAt()).isPresent();
  }

  @Test
  @Order(2)
  void lookupsOfMoreThan500IdsAnswerInRequestOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1100; i++) {
      ids.add(i % 499 == 0 ? "client-alice" : "client-unknown-" + i);
    }

    List<AccountVerification> results = idnet.lookupAccounts(ids);

    assertThat(results).extracting(AccountVerification::accountId).containsExactlyElementsOf(ids);
    for (int i = 0; i < ids.size(); i++) {
      assertThat(results.get(i).level()).as("level of #%d", i)
          .isEqualTo(i % 499 == 0 ? VerificationLevel.PHONE : VerificationLevel.NONE);
    }
  }

  @Test
  @Order(3)
  void aCitizenOfTheSandboxRegisterMakesTheAccountRealName() throws Exception {
    JsonNode citizen = get("/sandbox/citizens?count=1").get(0);
    RealName realName = RealName.of(citizen.get("fullName").asText(), citizen.get("nationalId").asText(),
        LocalDate.parse(citizen.get("dateOfBirth").asText()));

    AccountVerification registered = idnet.registerRealName("client-bob", realName);

    assertThat(registered.level()).isEqualTo(VerificationLevel.REAL_NAME);
    assertThat(registered.status()).isEqualTo(VerificationStatus.VERIFIED);
    assertThat(registered.ageBand()).isEqualTo(AgeBand.ADULT);
    assertThat(registered.subjectId()).isPresent();
    assertThat(registered.can(Capability.COMMERCE)).isTrue();
    assertThat(idnet.checkAccount("client-bob")).isEqualTo(registered);

    // Another birth date in the same year (the citizen id's century digit stays consistent): the
    // register does not confirm the triple, and never says which field.
    LocalDate born = realName.dateOfBirth();
    RealName wrong = RealName.of(realName.fullName(), realName.nationalId(),
        born.getDayOfYear() > 1 ? born.minusDays(1) : born.plusDays(1));
    assertThatThrownBy(() -> idnet.registerRealName("client-carol", wrong))
        .isInstanceOfSatisfying(IdnetProblemException.class, e -> {
          assertThat(e.status()).isEqualTo(422);
          assertThat(e.code()).isEqualTo("identity-not-confirmed");
        });
  }

  @Test
  @Order(4)
  void refusalsAreTypedFromProblemJson() {
    assertThatThrownBy(() -> idnet.startPhoneVerification("client-dave", "12"))
        .isInstanceOfSatisfying(IdnetProblemException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.isInvalidRequest()).isTrue();
          assertThat(e.code()).isEqualTo("invalid-phone-number");
        });
    assertThatThrownBy(() -> idnet.getPhoneVerification("no-such-verification-id"))
        .isInstanceOfSatisfying(IdnetProblemException.class, e -> assertThat(e.isNotFound()).isTrue());
    assertThatThrownBy(() -> client("wrong-secret").checkAccount("client-alice"))
        .isInstanceOfSatisfying(IdnetAuthenticationException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  @Order(5)
  void theReadmeSampleRuns() throws Exception {
    String gatewayUrl = network.gatewayUrl();
    String tokenUrl = network.tokenEndpoint();
    // README sample: begin
    IdnetClient idnet = IdnetClient.builder()
        .baseUrl(gatewayUrl)              // the sandbox: http://localhost:8080
        .tokenUrl(tokenUrl)               // the issuer's token_endpoint (OpenID discovery)
        .clientId("platform-a")
        .clientSecret("platform-a-secret")
        .build();                         // thread-safe: one per credential, shared

    // Before an account posts, comments, streams or sells:
    boolean mayPost = idnet.checkAccount("alice").can(Capability.POST);

    // Bind a phone number by SMS code (retried safely: the client sends an Idempotency-Key):
    PhoneVerification started = idnet.startPhoneVerification("alice", "0912345678");
    String code = askTheUser();           // the 6 digits the user received
    PhoneVerification checked = idnet.checkPhoneVerification(started.id(), code);

    // Any number of accounts at once: sent 500 at a time, answered in the order asked.
    List<AccountVerification> accounts = idnet.lookupAccounts(List.of("alice", "bob"));

    // Refusals are typed from idnet's problem+json:
    String refusal = null;
    try {
      idnet.startPhoneVerification("bob", "12");
    } catch (IdnetProblemException e) {
      refusal = e.status() + " " + e.code(); // also e.detail(), e.fieldErrors(), e.retryAfter()
    }
    // README sample: end

    assertThat(mayPost).isFalse();
    assertThat(checked.status()).isEqualTo(PhoneVerificationStatus.APPROVED);
    assertThat(accounts).extracting(AccountVerification::level)
        .containsExactly(VerificationLevel.PHONE, VerificationLevel.NONE);
    assertThat(refusal).isEqualTo("400 invalid-phone-number");
  }

  /** In the README's sample, what the user typed: here, the newest code of the sandbox's SMS outbox. */
  /**
   * Webhooks end to end: an endpoint registered through the client receives, from the real
   * dispatcher over real HTTP, the events of a phone binding, a carrier's report that the number
   * was reassigned, and a closed account, each signed so that the client's verifier accepts it
   * (with the new secret and, for a day after a rotation, the old one too).
   */
  @Test
  @Order(6)
  void webhooksArriveSignedInOrderForBindingRecyclingAndClosing() throws Exception {
    try (Inbox inbox = Inbox.start()) {
      org.idnet.client.webhooks.WebhookEndpoint endpoint = idnet.createWebhookEndpoint(inbox.url(),
          List.of("account.verification_changed", "binding.revoked", "account.closed"));
      assertThat(endpoint.id()).startsWith("we_");
      assertThat(endpoint.secret()).hasValueSatisfying(secret -> assertThat(secret).startsWith("whsec_"));
      assertThat(idnet.listWebhookEndpoints()).extracting(org.idnet.client.webhooks.WebhookEndpoint::id)
          .contains(endpoint.id());
      assertThat(idnet.listWebhookEndpoints()).allSatisfy(e -> assertThat(e.secret()).isEmpty());

      PhoneVerification started = idnet.startPhoneVerification("client-hooks", "0912000333");
      idnet.checkPhoneVerification(started.id(), sms("+84912000333").get(0));
      JsonNode bound = inbox.await(1, "client-hooks").get(0);
      assertThat(bound.get("type").asText()).isEqualTo("account.verification_changed");
      assertThat(bound.get("accountId").asText()).isEqualTo("client-hooks");
      assertThat(bound.at("/verificationChanged/level").asText()).isEqualTo("PHONE");

      carrierReportsReassigned("0912000333");
      List<JsonNode> recycled = inbox.await(3, "client-hooks").subList(1, 3);
      assertThat(recycled).extracting(e -> e.get("type").asText())
          .containsExactly("binding.revoked", "account.verification_changed");
      assertThat(recycled.get(0).at("/bindingRevoked/reason").asText()).isEqualTo("number-reassigned");
      assertThat(recycled.get(1).at("/verificationChanged/status").asText()).isEqualTo("REVOKED");

      org.idnet.client.webhooks.WebhookEndpoint rotated = idnet.rotateWebhookSecret(endpoint.id());
      PhoneVerification again = idnet.startPhoneVerification("client-hooks-2", "0912000444");
      idnet.checkPhoneVerification(again.id(), sms("+84912000444").get(0));
      JsonNode afterRotation = inbox.await(1, "client-hooks-2").get(0);
      assertThat(afterRotation.at("/verificationChanged/level").asText()).isEqualTo("PHONE");

      // Deliveries of other accounts' events (written before the endpoint existed, read after) may
      // be among them: these four are the test's.
      List<Inbox.Delivery> deliveries = inbox.deliveries("client-hooks", "client-hooks-2");
      org.idnet.client.webhooks.WebhookVerifier before =
          new org.idnet.client.webhooks.WebhookVerifier(endpoint.secret().orElseThrow());
      org.idnet.client.webhooks.WebhookVerifier after =
          new org.idnet.client.webhooks.WebhookVerifier(rotated.secret().orElseThrow());
      assertThat(deliveries).hasSize(4);
      for (Inbox.Delivery delivery : deliveries.subList(0, 3)) {
        before.verify(delivery.headers(), delivery.body());
      }
      before.verify(deliveries.get(3).headers(), deliveries.get(3).body());
      after.verify(deliveries.get(3).headers(), deliveries.get(3).body());
      assertThatThrownBy(() -> after.verify(deliveries.get(0).headers(), deliveries.get(0).body()))
          .isInstanceOf(org.idnet.client.webhooks.WebhookVerificationException.class);
      assertThat(deliveries).extracting(d -> d.headers().get("webhook-id").get(0)).doesNotHaveDuplicates();

      JsonNode inboxPage = get("/sandbox/webhooks?type=binding.revoked");
      assertThat(inboxPage).anySatisfy(d -> {
        assertThat(d.get("eventId").asText()).isEqualTo(recycled.get(0).get("id").asText());
        assertThat(d.get("status").asInt()).isEqualTo(200);
      });

      idnet.deleteWebhookEndpoint(endpoint.id());
      assertThat(idnet.listWebhookEndpoints()).extracting(org.idnet.client.webhooks.WebhookEndpoint::id)
          .doesNotContain(endpoint.id());
      assertThatThrownBy(() -> idnet.rotateWebhookSecret(endpoint.id()))
          .isInstanceOfSatisfying(IdnetProblemException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
  }

  @Test
  @Order(7)
  void anotherPlatformCannotSeeOrTouchAPlatformsEndpoint() throws Exception {
    try (Inbox inbox = Inbox.start()) {
      org.idnet.client.webhooks.WebhookEndpoint mine = idnet.createWebhookEndpoint(inbox.url(),
          List.of("account.closed"), 3, 7);
      assertThat(mine.maxInFlight()).isEqualTo(3);
      assertThat(mine.timeoutSeconds()).isEqualTo(7);
      IdnetClient other = IdnetClient.builder().baseUrl(network.gatewayUrl()).tokenUrl(network.tokenEndpoint())
          .clientId("platform-b").clientSecret("platform-b-secret").build();

      assertThat(other.listWebhookEndpoints()).extracting(org.idnet.client.webhooks.WebhookEndpoint::id)
          .doesNotContain(mine.id());
      assertThatThrownBy(() -> other.rotateWebhookSecret(mine.id()))
          .isInstanceOfSatisfying(IdnetProblemException.class, e -> assertThat(e.status()).isEqualTo(404));
      assertThatThrownBy(() -> other.deleteWebhookEndpoint(mine.id()))
          .isInstanceOfSatisfying(IdnetProblemException.class, e -> assertThat(e.status()).isEqualTo(404));
      assertThat(idnet.listWebhookEndpoints()).extracting(org.idnet.client.webhooks.WebhookEndpoint::id)
          .contains(mine.id());
      assertThatThrownBy(() -> idnet.createWebhookEndpoint(inbox.url(), List.of("account.opened")))
          .isInstanceOfSatisfying(IdnetProblemException.class, e -> assertThat(e.code()).isEqualTo("invalid-event-type"));
      idnet.deleteWebhookEndpoint(mine.id());
    }
  }

  static void carrierReportsReassigned(String number) throws Exception {
    HttpResponse<String> issued = HTTP.send(HttpRequest.newBuilder(URI.create(network.tokenEndpoint()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=carrier-1"
            + "&client_secret=carrier-1-secret"))
        .build(), HttpResponse.BodyHandlers.ofString());
    String token = Json.MAPPER.readTree(issued.body()).get("access_token").asText();
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(network.gatewayUrl() + "/v1/number-events"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"phoneNumber\":\"" + number + "\",\"type\":\"REASSIGNED\","
            + "\"occurredAt\":\"" + Instant.now().toString() + "\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  static String askTheUser() throws Exception {
    return sms("+84912345678").get(0);
  }

  /** The codes sent to {@code to}, newest first, from the sandbox's SMS outbox. */
  static List<String> sms(String to) throws Exception {
    List<String> codes = new ArrayList<>();
    for (JsonNode message : get("/sandbox/sms?to=" + to.replace("+", "%2B"))) {
      Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(message.get("text").asText());
      assertThat(code.find()).isTrue();
      codes.add(code.group(1));
    }
    return codes;
  }

  static JsonNode get(String path) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(network.gatewayUrl() + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return Json.MAPPER.readTree(response.body());
  }
}
