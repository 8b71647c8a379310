package org.idnet.otp.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.idnet.otp.domain.FailureReason;
import org.idnet.otp.domain.OtpException;
import org.idnet.otp.testing.Errors;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {

  @Test
  void toStatusWhenEveryReasonThenCodeOfTheApiGuide() {
    Map<FailureReason, Code> expected = new EnumMap<>(FailureReason.class);
    expected.put(FailureReason.INVALID_PHONE_NUMBER, Code.INVALID_ARGUMENT);
    expected.put(FailureReason.INVALID_ACCOUNT_ID, Code.INVALID_ARGUMENT);
    expected.put(FailureReason.INVALID_CODE, Code.INVALID_ARGUMENT);
    expected.put(FailureReason.INVALID_REQUEST, Code.INVALID_ARGUMENT);
    expected.put(FailureReason.IDEMPOTENCY_KEY_REUSED, Code.FAILED_PRECONDITION);
    expected.put(FailureReason.IDEMPOTENCY_KEY_IN_USE, Code.ABORTED);
    expected.put(FailureReason.NOT_FOUND, Code.NOT_FOUND);
    expected.put(FailureReason.VERIFICATION_CLOSED, Code.FAILED_PRECONDITION);
    expected.put(FailureReason.VERIFICATION_IN_PROGRESS, Code.ABORTED);
    expected.put(FailureReason.RESEND_TOO_SOON, Code.RESOURCE_EXHAUSTED);
    expected.put(FailureReason.SEND_LIMIT_REACHED, Code.RESOURCE_EXHAUSTED);
    expected.put(FailureReason.RATE_LIMITED, Code.RESOURCE_EXHAUSTED);
    expected.put(FailureReason.TOO_MANY_FAILED_CHECKS, Code.RESOURCE_EXHAUSTED);
    expected.put(FailureReason.SESSION_LIMIT_REACHED, Code.RESOURCE_EXHAUSTED);
    expected.put(FailureReason.STORE_UNAVAILABLE, Code.UNAVAILABLE);
    expected.put(FailureReason.SMS_UNAVAILABLE, Code.UNAVAILABLE);
    expected.put(FailureReason.IDENTITY_UNAVAILABLE, Code.UNAVAILABLE);
    for (FailureReason reason : FailureReason.values()) {
      StatusRuntimeException e = GrpcErrors.toStatus(OtpException.of(reason, "m"));
      assertThat(e.getStatus().getCode().value()).as(reason.name()).isEqualTo(expected.get(reason).getNumber());
      assertThat(Errors.reason(e)).isEqualTo(reason.code());
      assertThat(Errors.domain(e)).isEqualTo("idnet.org");
    }
  }

  @Test
  void toStatusWhenRetryAfterHasMillisThenRoundedUpToWholeSeconds() {
    StatusRuntimeException e = GrpcErrors.toStatus(
        OtpException.limited(FailureReason.RESEND_TOO_SOON, Duration.ofMillis(39_001), "m"));
    assertThat(Errors.retryDelay(e)).contains(Duration.ofSeconds(40));
  }

  @Test
  void refusalWhenNotAnOtpExceptionThenLeftToTheSharedInterceptor() {
    assertThat(GrpcErrors.refusal("m", new IllegalStateException("boom"))).isNull();
    assertThat(GrpcErrors.refusal("m", OtpException.of(FailureReason.NOT_FOUND, "gone")).getStatus().getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
  }
}
