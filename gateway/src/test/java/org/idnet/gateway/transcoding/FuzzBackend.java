package org.idnet.gateway.transcoding;

import io.grpc.HandlerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * One in-process gRPC server that answers every method with an empty message (the default answer
 * of any type) and keeps the last call's request bytes and metadata, for {@link TranscodingFuzzTest}
 * to hold them against the HTTP request.
 */
final class FuzzBackend implements AutoCloseable {

  private final Server server;
  private final ManagedChannel channel;
  volatile byte[] lastRequest;
  volatile Metadata lastHeaders;
  volatile String lastMethod;

  FuzzBackend() {
    String name = InProcessServerBuilder.generateName();
    ServerCallHandler<byte[], byte[]> unary = ServerCalls.asyncUnaryCall((request, answer) -> {
      lastRequest = request;
      answer.onNext(new byte[0]);
      answer.onCompleted();
    });
    HandlerRegistry everyMethod = new HandlerRegistry() {
      @Override
      public ServerMethodDefinition<?, ?> lookupMethod(String method, String authority) {
        MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.newBuilder(Bytes.INSTANCE, Bytes.INSTANCE)
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(method).build();
        return ServerMethodDefinition.create(descriptor, (call, headers) -> {
          lastMethod = method;
          lastHeaders = headers;
          return unary.startCall(call, headers);
        });
      }
    };
    try {
      server = InProcessServerBuilder.forName(name).directExecutor().fallbackHandlerRegistry(everyMethod).build()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  Backend backend() {
    return new Backend("fuzz", channel, Duration.ofSeconds(5));
  }

  void forget() {
    lastRequest = null;
    lastHeaders = null;
    lastMethod = null;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  private enum Bytes implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
