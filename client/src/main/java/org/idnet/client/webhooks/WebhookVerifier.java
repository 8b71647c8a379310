package org.idnet.client.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a webhook request came from idnet, by the Standard Webhooks scheme
 * (standardwebhooks.com), which is the scheme idnet's webhooks use (issue 15; the sending side is
 * not built yet): headers {@code webhook-id}, {@code webhook-timestamp} (Unix seconds) and
 * {@code webhook-signature}, a space-separated list of {@code v1,<base64 HMAC-SHA256>} over
 * {@code id + "." + timestamp + "." + body}, keyed by the endpoint secret {@code whsec_<base64>}.
 * Several signatures appear while a secret is rotated: one match is enough. A timestamp more than
 * {@link #TOLERANCE} away from now is refused, so a captured request cannot be replayed later;
 * keep {@code webhook-id} to drop a duplicate delivery within that window.
 *
 * <p>Pass the body exactly as received (the raw bytes, not re-serialized JSON). Thread-safe.
 *
 * <pre>{@code
 * WebhookVerifier verifier = new WebhookVerifier(System.getenv("IDNET_WEBHOOK_SECRET"));
 * verifier.verify(request.headers().map(), rawBody); // throws WebhookVerificationException
 * }</pre>
 */
public final class WebhookVerifier {

  /** How far a webhook's timestamp may be from now, either way. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private static final String SECRET_PREFIX = "whsec_";
  private static final String VERSION = "v1,";

  private final SecretKeySpec key;
  private final InstantSource clock;

  /** @param secret the endpoint's signing secret, {@code whsec_<base64>} (the prefix may be left out) */
  public WebhookVerifier(String secret) {
    this(secret, Clock.systemUTC());
  }

  /** As {@link #WebhookVerifier(String)}, "now" read from {@code clock} (a {@link Clock} will do). */
  public WebhookVerifier(String secret, InstantSource clock) {
    String encoded = Objects.requireNonNull(secret, "secret");
    encoded = encoded.startsWith(SECRET_PREFIX) ? encoded.substring(SECRET_PREFIX.length()) : encoded;
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a webhook secret is whsec_ followed by base64");
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException("the webhook secret is empty");
    }
    this.key = new SecretKeySpec(bytes, "HmacSHA256");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Verifies a request by its headers (names in any case, as {@code HttpHeaders.map()} or a
   * servlet's headers give them) and raw body.
   */
  public void verify(Map<String, List<String>> headers, byte[] body) {
    verify(header(headers, "webhook-id"), header(headers, "webhook-timestamp"), header(headers, "webhook-signature"),
        body);
  }

  /** Verifies a request by the three header values and the raw body. */
  public void verify(String id, String timestamp, String signatures, byte[] body) {
    if (id == null || timestamp == null || signatures == null || body == null) {
      throw new WebhookVerificationException("webhook-id, webhook-timestamp, webhook-signature and the body are required");
    }
    Instant sentAt;
    try {
      sentAt = Instant.ofEpochSecond(Long.parseLong(timestamp.trim()));
    } catch (NumberFormatException | java.time.DateTimeException e) {
      throw new WebhookVerificationException("webhook-timestamp is not Unix seconds");
    }
    Instant now = clock.instant();
    if (sentAt.isBefore(now.minus(TOLERANCE)) || sentAt.isAfter(now.plus(TOLERANCE))) {
      throw new WebhookVerificationException("webhook-timestamp is more than " + TOLERANCE.toMinutes()
          + " minutes from now");
    }
    byte[] expected = sign(id, timestamp.trim(), body);
    for (String signature : signatures.trim().split(" +")) {
      if (!signature.startsWith(VERSION)) {
        continue;
      }
      byte[] given;
      try {
        given = Base64.getDecoder().decode(signature.substring(VERSION.length()));
      } catch (IllegalArgumentException e) {
        continue;
      }
      // Constant time: how much of a guess matched must not show in how long the answer takes.
      if (MessageDigest.isEqual(expected, given)) {
        return;
      }
    }
    throw new WebhookVerificationException("no webhook-signature matches the body");
  }

  private byte[] sign(String id, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /** All values of the header (it may come more than once, or once per name case), joined by spaces. */
  private static String header(Map<String, List<String>> headers, String name) {
    StringBuilder joined = null;
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey() == null || !header.getKey().equalsIgnoreCase(name) || header.getValue() == null) {
        continue;
      }
      for (String value : header.getValue()) {
        if (value != null) {
          joined = joined == null ? new StringBuilder(value) : joined.append(' ').append(value);
        }
      }
    }
    return joined == null ? null : joined.toString();
  }
}
