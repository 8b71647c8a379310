package org.idnet.gateway.routes;

import com.google.protobuf.Descriptors.MethodDescriptor;
import java.time.Duration;
import java.util.List;
import org.idnet.api.v1.AccessPolicy;
import org.springframework.http.HttpMethod;

/**
 * One external route, read from a {@code google.api.http} rule and the {@code access} policy of
 * a proto method: what the gateway matches, whom it lets through, and which gRPC method it calls.
 *
 * @param body the request field the JSON body fills: {@code "*"} for the whole message, empty for none
 * @param responseBody the response field that is the JSON answer; empty for the whole message
 * @param declaredSuccessStatus the method's {@code success_status} option, 0 when it has none
 */
public record ApiRoute(
    HttpMethod httpMethod,
    PathTemplate path,
    MethodDescriptor method,
    String body,
    String responseBody,
    AccessPolicy policy,
    int declaredSuccessStatus) {

  /** The full service name, e.g. {@code idnet.otp.v1.PhoneVerificationService}. */
  public String serviceName() {
    return method.getService().getFullName();
  }

  /** A stable id for logs, metrics and rate-limit keys, e.g. {@code idnet.otp.v1.PhoneVerificationService/CreatePhoneVerification}. */
  public String id() {
    return serviceName() + "/" + method.getName();
  }

  public List<String> roles() {
    return policy.getRolesList();
  }

  public boolean isPublic() {
    return policy.getPublic();
  }

  /** The authorities a token needs for this route: one of its roles, as Spring Security names them. */
  public List<String> authorities() {
    return roles().stream().map(role -> "ROLE_" + role).toList();
  }

  /** Whether calls carry a person's authority: the official's own token goes along as evidence. */
  public boolean needsEvidence() {
    return policy.getEvidence();
  }

  /** A hosted session may call it for its platform (docs/pages.md section 3.3). */
  public boolean hosted() {
    return policy.getHosted();
  }

  /** Whether the method needs If-Match (the version of the resource the caller acts on). */
  public boolean needsIfMatch() {
    return method.getOptions().getExtension(org.idnet.api.v1.PreconditionsProto.ifMatch);
  }

  /** The answer's field that is its entity tag (sent as ETag), if the whole answer is one resource that has one. */
  public java.util.Optional<com.google.protobuf.Descriptors.FieldDescriptor> etagField() {
    if (!responseBody.isEmpty()) {
      return java.util.Optional.empty();
    }
    return method.getOutputType().getFields().stream()
        .filter(f -> f.getOptions().getExtension(org.idnet.api.v1.PreconditionsProto.etag)).findFirst();
  }

  public String rateClass() {
    return policy.getRateClass().isEmpty() ? "default" : policy.getRateClass();
  }

  /** Creates answer 201, deletes 204 (no body), everything else 200, unless the method declares its own. */
  public int successStatus() {
    if (declaredSuccessStatus != 0) {
      return declaredSuccessStatus;
    }
    if (httpMethod == HttpMethod.DELETE) {
      return 204;
    }
    if (httpMethod == HttpMethod.POST && method.getName().startsWith("Create")) {
      return 201;
    }
    return 200;
  }

  /** How often a read is retried on an unavailable backend, and the back-off (doubling) between tries. */
  public static final int READ_RETRIES = 2;
  public static final Duration READ_RETRY_FIRST_BACKOFF = Duration.ofMillis(20);
  public static final Duration READ_RETRY_MAX_BACKOFF = Duration.ofMillis(200);

  /** Only reads may be retried: a repeated POST could send a second SMS or file a second request. */
  public boolean idempotent() {
    return httpMethod == HttpMethod.GET;
  }
}
