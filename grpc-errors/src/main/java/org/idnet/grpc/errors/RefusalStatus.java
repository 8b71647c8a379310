package org.idnet.grpc.errors;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The status of a refusal as the gateway and api.md expect it, built one way in every service: a
 * code, a description safe for the public, an {@code ErrorInfo} in domain {@value #DOMAIN} with the
 * stable reason (the problem code at the edge) and its metadata; for bad input a {@code BadRequest}
 * naming the field; for a limit a {@code RetryInfo} (the gateway's Retry-After).
 */
public final class RefusalStatus {

  /** The {@code ErrorInfo} domain of every refusal of the network. */
  public static final String DOMAIN = "idnet.org";

  private final Status.Builder status;
  private final ErrorInfo.Builder info;
  private String field;
  private Duration retryAfter;

  private RefusalStatus(Code code, String reason, String message) {
    this.status = Status.newBuilder().setCode(code.getNumber()).setMessage(message);
    this.info = ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN);
  }

  /**
   * @param reason the stable reason, e.g. {@code invalid-phone-number}
   * @param message what the caller is told; never a personal value
   */
  public static RefusalStatus of(Code code, String reason, String message) {
    return new RefusalStatus(code, reason, message);
  }

  public RefusalStatus metadata(Map<String, String> metadata) {
    info.putAllMetadata(metadata);
    return this;
  }

  /** The request field at fault (lowerCamelCase JSON path); the message describes its violation. */
  public RefusalStatus field(Optional<String> field) {
    this.field = field.orElse(null);
    return this;
  }

  public RefusalStatus retryAfter(Optional<Duration> delay) {
    this.retryAfter = delay.orElse(null);
    return this;
  }

  public StatusRuntimeException toException() {
    status.addDetails(Any.pack(info.build()));
    if (field != null) {
      status.addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(BadRequest.FieldViolation.newBuilder()
          .setField(field).setDescription(status.getMessage())).build()));
    }
    if (retryAfter != null) {
      status.addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(wholeSeconds(retryAfter)).build()));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }

  /** Rounded up, at least one: "retry after 0 s" while the limit still holds would invite a useless retry. */
  static com.google.protobuf.Duration wholeSeconds(Duration delay) {
    long seconds = Math.max(1, delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0));
    return com.google.protobuf.Duration.newBuilder().setSeconds(seconds).build();
  }
}
