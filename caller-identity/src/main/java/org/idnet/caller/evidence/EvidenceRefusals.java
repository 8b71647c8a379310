package org.idnet.caller.evidence;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * The statuses an evidence check refuses a call with. Each carries an {@code ErrorInfo} reason in
 * domain {@code idnet.org}, as every other refusal of the services does, so the gateway answers
 * the official a problem of its own instead of taking the refusal for its own fault (a 500):
 * <ul>
 *   <li>{@value #REFUSED}: UNAUTHENTICATED when the token is no evidence (missing, malformed, not
 *       the issuer's signature, expired, e.g. in the moment between the gateway's check and this
 *       one), PERMISSION_DENIED when it is valid but names someone else or lacks the role.
 *       {@code ErrorInfo.metadata["check"]} names the failed check.</li>
 *   <li>{@value #KEYS_UNAVAILABLE}: UNAVAILABLE with a {@code RetryInfo}, when the issuer's keys
 *       could not be fetched: nothing is known against the token, and a retry may well pass.</li>
 * </ul>
 */
public final class EvidenceRefusals {

  public static final String DOMAIN = "idnet.org";
  public static final String REFUSED = "evidence-refused";
  public static final String KEYS_UNAVAILABLE = "keys-unavailable";
  /** How long a caller should wait after {@value #KEYS_UNAVAILABLE}: a few of the issuer's refetch intervals. */
  static final int RETRY_SECONDS = 5;

  private EvidenceRefusals() {
  }

  /** The refusal for a failed {@code check}; {@code code} is UNAUTHENTICATED or PERMISSION_DENIED. */
  public static StatusRuntimeException refused(Status.Code code, String check, String explanation) {
    if (code != Status.Code.UNAUTHENTICATED && code != Status.Code.PERMISSION_DENIED) {
      throw new IllegalArgumentException("an evidence refusal is UNAUTHENTICATED or PERMISSION_DENIED, not " + code);
    }
    return status(code, "evidence refused (" + check + "): " + explanation, ErrorInfo.newBuilder()
        .setReason(REFUSED).setDomain(DOMAIN).putMetadata("check", check).build(), null);
  }

  /** The answer when the issuer's keys could not be fetched to check the evidence. */
  public static StatusRuntimeException keysUnavailable() {
    return status(Status.Code.UNAVAILABLE, "evidence could not be checked (" + KEYS_UNAVAILABLE
            + "): the issuer's keys could not be fetched; retry shortly",
        ErrorInfo.newBuilder().setReason(KEYS_UNAVAILABLE).setDomain(DOMAIN).build(),
        RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(RETRY_SECONDS))
            .build());
  }

  private static StatusRuntimeException status(Status.Code code, String message, ErrorInfo info, RetryInfo retry) {
    com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder().setCode(code.value())
        .setMessage(message).addDetails(Any.pack(info));
    if (retry != null) {
      status.addDetails(Any.pack(retry));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }
}
