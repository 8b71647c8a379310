package org.idnet.grpc.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.rpc.ErrorInfo;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ErrorMappingInterceptorTest {

  /** A domain refusal of some service. */
  static final class Refused extends RuntimeException {
    Refused() {
      super("refused");
    }
  }

  private static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private static final MethodDescriptor<String, String> ECHO = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("test.Echo/Echo")
      .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();

  private final ErrorMappingInterceptor interceptor = new ErrorMappingInterceptor(
      (method, e) -> e instanceof Refused ? Status.FAILED_PRECONDITION.withDescription("no").asRuntimeException() : null);
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  private String call(String request) throws IOException {
    String name = InProcessServerBuilder.generateName();
    ServerServiceDefinition echo = ServerServiceDefinition.builder("test.Echo")
        .addMethod(ECHO, ServerCalls.asyncUnaryCall((String in, io.grpc.stub.StreamObserver<String> out) -> {
          switch (in) {
            case "refuse" -> throw new Refused();
            case "status" -> throw Status.NOT_FOUND.withDescription("no such thing").asRuntimeException();
            case "bug" -> throw new IllegalStateException("citizen 001234567890 could not be read");
            default -> {
              out.onNext(in);
              out.onCompleted();
            }
          }
        })).build();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(ServerInterceptors.intercept(echo, interceptor)).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    return ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, request);
  }

  @Test
  void answersPassUntouched() throws IOException {
    assertThat(call("hello")).isEqualTo("hello");
  }

  @Test
  void refusalsGoThroughTheServicesMapper() {
    assertThatThrownBy(() -> call("refuse")).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
  }

  @Test
  void statusesBuiltByHandlersStayAsTheyAre() {
    assertThatThrownBy(() -> call("status")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(e.getStatus().getDescription()).isEqualTo("no such thing");
    });
  }

  @Test
  void anythingElseIsAGenericInternalAndItsMessageIsNeitherAnsweredNorLogged() {
    Logger logger = (Logger) LoggerFactory.getLogger(ErrorMappingInterceptor.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      assertThatThrownBy(() -> call("bug")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(e.getStatus().getDescription()).isEqualTo("internal error");
        assertThat(StatusProto.fromThrowable(e).getDetailsList()).anySatisfy(any -> {
          try {
            assertThat(any.unpack(ErrorInfo.class).getReason()).isEqualTo("internal");
          } catch (com.google.protobuf.InvalidProtocolBufferException x) {
            throw new AssertionError(x);
          }
        });
      });
      assertThat(logs.list).singleElement().satisfies(event -> {
        assertThat(event.getFormattedMessage()).contains("test.Echo/Echo").contains("IllegalStateException")
            .doesNotContain("001234567890");
      });
    } finally {
      logger.detachAppender(logs);
    }
  }
}
