package org.idnet.caller.evidence;

import com.google.rpc.Code;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.idnet.grpc.errors.RefusalStatus;

/**
 * The statuses an evidence check refuses a call with, built as every other refusal of the services
 * ({@link RefusalStatus}: an {@code ErrorInfo} reason in domain {@code idnet.org}), so the gateway
 * answers the official a problem of its own instead of taking the refusal for its own fault (a 500):
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
    return RefusalStatus.of(Code.forNumber(code.value()), REFUSED, "evidence refused (" + check + "): " + explanation)
        .metadata(Map.of("check", check)).toException();
  }

  /** The answer when the issuer's keys could not be fetched to check the evidence. */
  public static StatusRuntimeException keysUnavailable() {
    return RefusalStatus.of(Code.UNAVAILABLE, KEYS_UNAVAILABLE, "evidence could not be checked (" + KEYS_UNAVAILABLE
            + "): the issuer's keys could not be fetched; retry shortly")
        .retryAfter(Optional.of(Duration.ofSeconds(RETRY_SECONDS))).toException();
  }
}
