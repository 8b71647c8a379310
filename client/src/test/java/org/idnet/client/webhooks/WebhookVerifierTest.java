package org.idnet.client.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The Standard Webhooks scheme: the published vector, and vectors signed here with javax.crypto. */
class WebhookVerifierTest {

  static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
  static final byte[] KEY = new byte[32];
  static final String SECRET;

  static {
    new SecureRandom().nextBytes(KEY);
    SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
  }

  final WebhookVerifier verifier = new WebhookVerifier(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));
  final byte[] body = "{\"type\":\"account.verification_changed\",\"data\":{\"accountId\":\"alice\",\"level\":\"PHONE\"}}"
      .getBytes(StandardCharsets.UTF_8);

  /** The signature as a sender computes it, written here apart from the verifier's code. */
  static String sign(byte[] key, String id, long timestamp, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] signedContent = (id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signedContent));
  }

  @Test
  void thePublishedStandardWebhooksVectorVerifies() {
    // standard-webhooks' reference test vector (its libraries' tests and spec).
    WebhookVerifier reference = new WebhookVerifier("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        Clock.fixed(Instant.ofEpochSecond(1614265330), ZoneOffset.UTC));

    assertThatCode(() -> reference.verify("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> reference.verify("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void aSignatureMadeWithTheSecretVerifiesByHeaders() throws Exception {
    long timestamp = NOW.getEpochSecond();
    Map<String, List<String>> headers = Map.of("Webhook-Id", List.of("msg_1"), "WEBHOOK-TIMESTAMP",
        List.of(Long.toString(timestamp)), "webhook-signature", List.of(sign(KEY, "msg_1", timestamp, body)));

    assertThatCode(() -> verifier.verify(headers, body)).doesNotThrowAnyException();
    // The prefix may be left out, as the reference libraries allow.
    assertThatCode(() -> new WebhookVerifier(SECRET.substring("whsec_".length()), Clock.fixed(NOW, ZoneOffset.UTC))
        .verify(headers, body)).doesNotThrowAnyException();
  }

  /** A signature header sent twice (a proxy may split it) is read whole; a null value is skipped. */
  @Test
  void aSignatureHeaderThatCameTwiceIsReadWhole() throws Exception {
    byte[] otherKey = new byte[32];
    new SecureRandom().nextBytes(otherKey);
    long timestamp = NOW.getEpochSecond();
    java.util.Map<String, List<String>> headers = new java.util.HashMap<>();
    headers.put("webhook-id", List.of("msg_3"));
    headers.put("webhook-timestamp", List.of(Long.toString(timestamp)));
    List<String> signatures = new java.util.ArrayList<>();
    signatures.add(sign(otherKey, "msg_3", timestamp, body));
    signatures.add(null);
    signatures.add(sign(KEY, "msg_3", timestamp, body));
    headers.put("Webhook-Signature", signatures);

    assertThatCode(() -> verifier.verify(headers, body)).doesNotThrowAnyException();
  }

  @Test
  void oneMatchingSignatureAmongSeveralIsEnough() throws Exception {
    byte[] oldKey = new byte[32];
    new SecureRandom().nextBytes(oldKey);
    long timestamp = NOW.getEpochSecond();
    String signatures = "v1a,c2lnbmVk " + sign(oldKey, "msg_1", timestamp, body) + " " + sign(KEY, "msg_1", timestamp, body);

    assertThatCode(() -> verifier.verify("msg_1", Long.toString(timestamp), signatures, body)).doesNotThrowAnyException();
  }

  @Test
  void aChangedBodyIdOrTimestampOrAnotherSecretIsRefused() throws Exception {
    long timestamp = NOW.getEpochSecond();
    String signature = sign(KEY, "msg_1", timestamp, body);
    byte[] changed = body.clone();
    changed[changed.length - 3] ^= 1;
    byte[] otherKey = new byte[32];
    new SecureRandom().nextBytes(otherKey);

    assertRefused(() -> verifier.verify("msg_1", Long.toString(timestamp), signature, changed));
    assertRefused(() -> verifier.verify("msg_2", Long.toString(timestamp), signature, body));
    assertRefused(() -> verifier.verify("msg_1", Long.toString(timestamp - 1), signature, body));
    assertRefused(() -> verifier.verify("msg_1", Long.toString(timestamp), sign(otherKey, "msg_1", timestamp, body), body));
    assertRefused(() -> verifier.verify("msg_1", Long.toString(timestamp), "v2," + signature.substring(3), body));
    assertRefused(() -> verifier.verify("msg_1", Long.toString(timestamp), "v1,not*base64", body));
  }

  @Test
  void aTimestampMoreThanFiveMinutesAwayIsRefusedEvenWellSigned() throws Exception {
    long tooOld = NOW.minus(Duration.ofMinutes(5)).getEpochSecond() - 1;
    long tooNew = NOW.plus(Duration.ofMinutes(5)).getEpochSecond() + 1;
    long oldButFine = NOW.minus(Duration.ofMinutes(4)).getEpochSecond();

    assertRefused(() -> verifier.verify("msg_1", Long.toString(tooOld), sign(KEY, "msg_1", tooOld, body), body));
    assertRefused(() -> verifier.verify("msg_1", Long.toString(tooNew), sign(KEY, "msg_1", tooNew, body), body));
    assertThatCode(() -> verifier.verify("msg_1", Long.toString(oldButFine), sign(KEY, "msg_1", oldButFine, body), body))
        .doesNotThrowAnyException();
  }

  @Test
  void aMissingHeaderOrAMalformedTimestampIsRefused() throws Exception {
    long timestamp = NOW.getEpochSecond();
    String signature = sign(KEY, "msg_1", timestamp, body);

    assertRefused(() -> verifier.verify(Map.of("webhook-id", List.of("msg_1"), "webhook-signature", List.of(signature)),
        body));
    assertRefused(() -> verifier.verify("msg_1", "2026-12-04T10:00:00Z", signature, body));
    assertThatThrownBy(() -> new WebhookVerifier("whsec_%%%")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theReadmeSnippetAcceptsARequestSignedNowAndRefusesAnother() throws Exception {
    String secret = SECRET;
    long now = Instant.now().getEpochSecond();
    byte[] rawBody = body;
    Map<String, List<String>> headers = Map.of("webhook-id", List.of("msg_2"), "webhook-timestamp",
        List.of(Long.toString(now)), "webhook-signature", List.of(sign(KEY, "msg_2", now, body)));
    boolean accepted;
    // README webhook: begin
    // secret: the endpoint's signing secret, whsec_...; rawBody: the body exactly as received
    WebhookVerifier verifier = new WebhookVerifier(secret);
    try {
      verifier.verify(headers, rawBody);  // webhook-id, webhook-timestamp, webhook-signature
      accepted = true;                    // trusted: handle it, once per webhook-id
    } catch (WebhookVerificationException e) {
      accepted = false;                   // answer 400 and drop it
    }
    // README webhook: end
    assertThat(accepted).isTrue();
    assertRefused(() -> verifier.verify(headers, "{}".getBytes(StandardCharsets.UTF_8)));
  }

  private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(WebhookVerificationException.class);
  }
}
