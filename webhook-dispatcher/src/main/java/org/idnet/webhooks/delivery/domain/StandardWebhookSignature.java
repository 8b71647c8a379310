package org.idnet.webhooks.delivery.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.idnet.webhooks.endpoints.domain.SigningSecret;

/**
 * The headers of a signed delivery as Standard Webhooks specifies (standardwebhooks.com):
 * {@code webhook-id}, {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature}, a
 * space-separated list of {@code v1,<base64 HMAC-SHA256(secret, id + "." + timestamp + "." + body)>},
 * one per secret. The client library's WebhookVerifier checks exactly this.
 */
public final class StandardWebhookSignature {

  private StandardWebhookSignature() {
  }

  public static Map<String, String> headers(String eventId, long timestampSeconds, byte[] body,
      List<SigningSecret> secrets) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("a delivery is signed with at least one secret");
    }
    byte[] prefix = (eventId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
    StringJoiner signatures = new StringJoiner(" ");
    for (SigningSecret secret : secrets) {
      signatures.add("v1," + Base64.getEncoder().encodeToString(hmac(secret.key(), prefix, body)));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("webhook-id", eventId);
    headers.put("webhook-timestamp", Long.toString(timestampSeconds));
    headers.put("webhook-signature", signatures.toString());
    return headers;
  }

  private static byte[] hmac(byte[] key, byte[] prefix, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(prefix);
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
