package org.idnet.gateway.transcoding;

import io.grpc.Metadata;
import java.util.List;
import org.idnet.caller.evidence.EvidenceMetadata;
import org.idnet.gateway.hosted.HostedSessionCaller;
import org.idnet.gateway.routes.ApiRoute;
import org.idnet.headers.ForwardedHeader;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * What of the HTTP request travels to the service as gRPC metadata besides the caller: the
 * {@code Idempotency-Key}; {@code If-Match} on methods that need it (as received: the service
 * compares it with the resource's current version, so a repeat through another replica gets the
 * same answer); and on authority-bearing methods the official's own access token, exactly as it
 * arrived and already verified here, as evidence the service checks again (x-idnet-evidence);
 * on idnet's pages' own methods ({@code hosted-pages}) the {@code Idnet-Session} header.
 */
final class Forwarded {

  static final String IF_MATCH = HttpHeaders.IF_MATCH;
  private static final int MAX_IF_MATCH = 1000;
  private static final int MAX_SESSION = 100;

  private Forwarded() {
  }

  /**
   * @param jwt the request's verified token; null on public routes
   * @throws PreconditionRequired when the method needs If-Match and the request sent none
   * @throws InvalidRequestException when a header is malformed
   */
  static Metadata headers(ApiRoute route, HttpHeaders http, Jwt jwt) {
    Metadata headers = new Metadata();
    IdempotencyKey.from(http.get(IdempotencyKey.HEADER))
        .ifPresent(key -> headers.put(ForwardedHeader.IDEMPOTENCY_KEY.metadataKey(), key));
    if (route.needsIfMatch()) {
      headers.put(ForwardedHeader.IF_MATCH.metadataKey(), ifMatch(http.get(IF_MATCH)));
    }
    if (route.roles().contains(HostedSessionCaller.ROLE)) {
      // idnet's pages' own methods (get, complete, cancel a session): identity checks the secret.
      List<String> session = http.getOrEmpty(HostedSessionCaller.HEADER);
      if (session.size() == 1 && session.get(0).length() <= MAX_SESSION
          && session.get(0).chars().allMatch(c -> c > 0x20 && c <= 0x7e)) {
        headers.put(ForwardedHeader.IDNET_SESSION.metadataKey(), session.get(0));
      } else if (!session.isEmpty()) {
        // Twice or malformed: identity sees the empty value and refuses it as any bad secret.
        headers.put(ForwardedHeader.IDNET_SESSION.metadataKey(), "");
      }
    }
    if (route.needsEvidence() && jwt != null) {
      headers.put(EvidenceMetadata.EVIDENCE, jwt.getTokenValue());
    }
    return headers;
  }

  private static String ifMatch(List<String> values) {
    if (values == null || values.isEmpty() || values.stream().allMatch(String::isBlank)) {
      throw new PreconditionRequired("This route needs If-Match with the resource's ETag (GET it first), so that"
          + " exactly the version read is acted on.");
    }
    String value = String.join(",", values);
    if (value.length() > MAX_IF_MATCH || !value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
      throw new InvalidRequestException(IF_MATCH, "must be entity tags of printable ASCII, at most 1000 characters");
    }
    return value;
  }

  /** The method needs If-Match and the request sent none: 428 (RFC 6585). */
  static final class PreconditionRequired extends RuntimeException {
    PreconditionRequired(String message) {
      super(message, null, false, false);
    }
  }
}
