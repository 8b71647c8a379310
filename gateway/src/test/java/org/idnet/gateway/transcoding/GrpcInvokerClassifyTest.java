package org.idnet.gateway.transcoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Which gRPC failures are a backend that did not answer (503, counted by the breaker, a read
 * retried) and which are a bug (500): a connection that broke mid-answer is the first, an answer
 * the gateway could not read or a service's own {@code internal} error the second.
 */
class GrpcInvokerClassifyTest {

  private static final Backend IDENTITY = new Backend("identity-service", null, Duration.ofSeconds(1));

  @Test
  void aStreamThatEndedMidMessageIsABackendThatDidNotAnswer() {
    Throwable e = GrpcInvoker.classify(IDENTITY,
        Status.INTERNAL.withDescription("Encountered end-of-stream mid-frame").asRuntimeException());
    assertThat(e).isInstanceOf(BackendFailureException.Unavailable.class);
  }

  @Test
  void anIoOrHttp2ErrorUnderneathIsABackendThatDidNotAnswer() {
    assertThat(GrpcInvoker.classify(IDENTITY, Status.INTERNAL.withDescription("http2 exception")
        .withCause(new Http2Exception("stream reset")).asRuntimeException()))
        .isInstanceOf(BackendFailureException.Unavailable.class);
    assertThat(GrpcInvoker.classify(IDENTITY, Status.UNKNOWN.withCause(new IOException("Connection reset by peer"))
        .asRuntimeException())).isInstanceOf(BackendFailureException.Unavailable.class);
  }

  @Test
  void anAnswerTheGatewayCouldNotReadStaysABug() {
    Throwable e = GrpcInvoker.classify(IDENTITY, Status.INTERNAL.withDescription("Failed to read message.")
        .withCause(new InvalidProtocolBufferException("truncated")).asRuntimeException());
    assertThat(e).isNotInstanceOf(BackendFailureException.class);
    assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.INTERNAL);
  }

  @Test
  void theServicesOwnInternalErrorStaysABug() {
    var status = com.google.rpc.Status.newBuilder().setCode(Status.Code.INTERNAL.value()).setMessage("internal error")
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("internal").setDomain("idnet.org").build())).build();
    Throwable e = GrpcInvoker.classify(IDENTITY, StatusProto.toStatusRuntimeException(status));
    assertThat(e).isNotInstanceOf(BackendFailureException.class);
  }

  @Test
  void anExceptionOfTheGatewaysOwnStaysABug() {
    Throwable e = GrpcInvoker.classify(IDENTITY, new IllegalStateException("a bug here"));
    assertThat(e).isNotInstanceOf(BackendFailureException.class);
    assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNKNOWN);
  }

  /** Named as Netty's is: grpc-java shades Netty, so the classifier knows it by name. */
  private static final class Http2Exception extends Exception {
    Http2Exception(String message) {
      super(message);
    }
  }
}
