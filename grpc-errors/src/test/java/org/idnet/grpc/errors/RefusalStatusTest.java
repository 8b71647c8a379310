package org.idnet.grpc.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RefusalStatusTest {

  @Test
  void refusalWhenPlainThenCodeMessageAndErrorInfoInTheNetworksDomainOnly() {
    Status status = status(RefusalStatus.of(Code.NOT_FOUND, "not-found", "no such thing").toException());

    assertThat(status.getCode()).isEqualTo(Code.NOT_FOUND.getNumber());
    assertThat(status.getMessage()).isEqualTo("no such thing");
    assertThat(status.getDetailsList()).hasSize(1);
    ErrorInfo info = unpack(status, ErrorInfo.class);
    assertThat(info.getReason()).isEqualTo("not-found");
    assertThat(info.getDomain()).isEqualTo("idnet.org").isEqualTo(RefusalStatus.DOMAIN);
  }

  @Test
  void refusalWhenFieldMetadataAndDelayThenBadRequestMetadataAndRetryInfo() {
    Status status = status(RefusalStatus.of(Code.INVALID_ARGUMENT, "invalid-phone-number", "phoneNumber is bad")
        .metadata(Map.of("check", "shape")).field(Optional.of("phoneNumber"))
        .retryAfter(Optional.of(Duration.ofSeconds(3))).toException());

    assertThat(unpack(status, ErrorInfo.class).getMetadataMap()).containsEntry("check", "shape");
    BadRequest.FieldViolation violation = unpack(status, BadRequest.class).getFieldViolations(0);
    assertThat(violation.getField()).isEqualTo("phoneNumber");
    assertThat(violation.getDescription()).isEqualTo("phoneNumber is bad");
    assertThat(unpack(status, RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(3);
  }

  @ParameterizedTest
  @CsvSource({"0, 1", "1, 1", "999, 1", "1000, 1", "1001, 2", "59999, 60"})
  void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne(long millis, long seconds) {
    assertThat(RefusalStatus.wholeSeconds(Duration.ofMillis(millis)).getSeconds()).isEqualTo(seconds);
  }

  @Test
  void refusalWhenNoFieldAndNoDelayThenNeitherDetail() {
    Status status = status(RefusalStatus.of(Code.UNAVAILABLE, "store-unavailable", "try again")
        .field(Optional.empty()).retryAfter(Optional.empty()).toException());

    assertThat(status.getDetailsList()).extracting(Any::getTypeUrl).containsExactly(
        "type.googleapis.com/google.rpc.ErrorInfo");
  }

  private static Status status(StatusRuntimeException e) {
    return StatusProto.fromThrowable(e);
  }

  private static <T extends com.google.protobuf.Message> T unpack(Status status, Class<T> type) {
    try {
      for (Any detail : status.getDetailsList()) {
        if (detail.is(type)) {
          return detail.unpack(type);
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no " + type.getSimpleName() + " in " + status);
  }
}
