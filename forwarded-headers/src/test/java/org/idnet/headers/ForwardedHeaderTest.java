package org.idnet.headers;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each header reaches the handler over a real (in-process) gRPC call, as sent. */
class ForwardedHeaderTest {

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
      .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("test.Headers/Echo")
      .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();

  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws IOException {
    String name = InProcessServerBuilder.generateName();
    // The handler answers what each interceptor handed it: "<idempotency-key>|<if-match>", "-" for none.
    ServerServiceDefinition service = ServerServiceDefinition.builder("test.Headers")
        .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
          response.onNext(ForwardedHeader.IDEMPOTENCY_KEY.current().orElse("-") + "|"
              + ForwardedHeader.IF_MATCH.current().orElse("-"));
          response.onCompleted();
        })).build();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(ServerInterceptors.intercept(service, ForwardedHeader.IDEMPOTENCY_KEY, ForwardedHeader.IF_MATCH))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void currentWhenNotSentThenEmpty() {
    assertThat(call(new Metadata())).isEqualTo("-|-");
  }

  @Test
  void currentWhenSentOnceThenAsSent() {
    Metadata headers = new Metadata();
    headers.put(ForwardedHeader.IDEMPOTENCY_KEY.metadataKey(), "case-2026/42");
    headers.put(ForwardedHeader.IF_MATCH.metadataKey(), "\"abc\"");

    assertThat(call(headers)).isEqualTo("case-2026/42|\"abc\"");
  }

  @Test
  void currentWhenSentTwiceThenIdempotencyKeyEmptyAndIfMatchOneList() {
    Metadata headers = new Metadata();
    for (String value : List.of("k-1", "k-2")) {
      headers.put(ForwardedHeader.IDEMPOTENCY_KEY.metadataKey(), value);
    }
    for (String value : List.of("\"a\"", "\"b\"")) {
      headers.put(ForwardedHeader.IF_MATCH.metadataKey(), value);
    }

    // The empty key fails the handler's validation: sent twice is as bad as malformed.
    assertThat(call(headers)).isEqualTo("|\"a\",\"b\"");
  }

  @Test
  void metadataNamesAreTheHttpHeadersLowerCase() {
    assertThat(ForwardedHeader.IDEMPOTENCY_KEY.metadataKey().name()).isEqualTo("idempotency-key");
    assertThat(ForwardedHeader.IF_MATCH.metadataKey().name()).isEqualTo("if-match");
  }

  private String call(Metadata headers) {
    return ClientCalls.blockingUnaryCall(
        ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)), ECHO,
        CallOptions.DEFAULT, "x");
  }
}
