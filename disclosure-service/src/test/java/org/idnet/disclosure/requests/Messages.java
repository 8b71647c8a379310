package org.idnet.disclosure.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.idnet.disclosure.v1.CreateDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosureTarget;
import org.idnet.identity.v1.IdentityField;

/** Request messages and assertions on refusals, shared by the gRPC tests. */
public final class Messages {

  private Messages() {
  }

  /** A well-formed request under {@code basis} for a fresh account of platform-a. */
  public static CreateDisclosureRequestRequest.Builder create(String basis, IdentityField... fields) {
    return CreateDisclosureRequestRequest.newBuilder()
        .setTarget(DisclosureTarget.newBuilder().setPlatformId("platform-a")
            .setAccountId("acct-" + UUID.randomUUID().toString().substring(0, 8)))
        .setLegalBasis(basis)
        .setCaseReference("HS-2026/0042")
        .addAllFields(List.of(fields))
        .setJustification("Suspect in an online fraud case; the account received the victims' payments.");
  }

  /** The refusal a call ends with: its status code and ErrorInfo reason. */
  public record Refusal(Status.Code code, String reason, String description, BadRequest badRequest) {

    public String field() {
      return badRequest == null ? null : badRequest.getFieldViolations(0).getField();
    }
  }

  public static Refusal refusal(ThrowingCallable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(e).as("the call should have been refused").isNotNull();
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    String reason = null;
    BadRequest badRequest = null;
    if (status != null) {
      try {
        for (var detail : status.getDetailsList()) {
          if (detail.is(ErrorInfo.class)) {
            ErrorInfo info = detail.unpack(ErrorInfo.class);
            assertThat(info.getDomain()).isEqualTo("idnet.org");
            reason = info.getReason();
          } else if (detail.is(BadRequest.class)) {
            badRequest = detail.unpack(BadRequest.class);
          }
        }
      } catch (InvalidProtocolBufferException ex) {
        throw new AssertionError(ex);
      }
    }
    return new Refusal(e.getStatus().getCode(), reason, e.getStatus().getDescription(), badRequest);
  }
}
