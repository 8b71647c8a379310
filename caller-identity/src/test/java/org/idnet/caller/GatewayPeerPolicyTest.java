package org.idnet.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Empty;
import com.google.protobuf.ExtensionRegistry;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.idnet.api.v1.AccessPolicy;
import org.idnet.api.v1.AccessProto;
import org.junit.jupiter.api.Test;

/**
 * The gateway calls as itself, stating no caller, only a method whose policy names it among the
 * peers and names no roles: a policy with roles needs the caller the gateway speaks for, even when
 * it also lists the gateway as a peer. No method of the contract has both today (checked over the
 * whole descriptor set), and the interceptor would still demand a caller if one did.
 */
class GatewayPeerPolicyTest {

  private static final Metadata.Key<String> TEST_PEER = Metadata.Key.of("x-test-peer", Metadata.ASCII_STRING_MARSHALLER);

  @Test
  void noMethodOfTheContractListsTheGatewayAmongItsPeersAndHasRoles() throws Exception {
    ExtensionRegistry registry = ExtensionRegistry.newInstance();
    AccessProto.registerAllExtensions(registry);
    FileDescriptorSet set;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("idnet/idnet-api.protoset")) {
      assertThat(in).as("idnet-proto's descriptor set on the class path").isNotNull();
      set = FileDescriptorSet.parseFrom(in, registry);
    }
    List<String> gatewayPeers = new ArrayList<>();
    List<String> both = new ArrayList<>();
    int policies = 0;
    for (FileDescriptorProto file : set.getFileList()) {
      for (ServiceDescriptorProto service : file.getServiceList()) {
        for (MethodDescriptorProto method : service.getMethodList()) {
          if (!method.getOptions().hasExtension(AccessProto.access)) {
            continue;
          }
          policies++;
          AccessPolicy policy = method.getOptions().getExtension(AccessProto.access);
          String name = file.getPackage() + "." + service.getName() + "/" + method.getName();
          if (policy.getPeersList().contains(Peer.GATEWAY)) {
            gatewayPeers.add(name);
            if (policy.getRolesCount() > 0) {
              both.add(name);
            }
          }
        }
      }
    }
    assertThat(policies).as("the whole contract was read").isGreaterThan(40);
    assertThat(gatewayPeers).contains("idnet.identity.v1.HostedSessionService/ResolveHostedSession");
    assertThat(both).as("methods listing the gateway among peers and having roles").isEmpty();
  }

  @Test
  void aMethodWithRolesThatAlsoListsTheGatewayStillNeedsTheGatewaysCaller() throws Exception {
    // A method of a contract made up here: roles "platform" and peers "gateway".
    FileDescriptorProto proto = FileDescriptorProto.newBuilder().setName("test/gated.proto").setPackage("test")
        .addDependency("google/protobuf/empty.proto")
        .addService(ServiceDescriptorProto.newBuilder().setName("Gated").addMethod(MethodDescriptorProto.newBuilder()
            .setName("Act").setInputType(".google.protobuf.Empty").setOutputType(".google.protobuf.Empty")
            .setOptions(MethodOptions.newBuilder().setExtension(AccessProto.access,
                AccessPolicy.newBuilder().addRoles("platform").addPeers(Peer.GATEWAY).build()))))
        .build();
    Descriptors.FileDescriptor file = Descriptors.FileDescriptor.buildFrom(proto,
        new Descriptors.FileDescriptor[] {Empty.getDescriptor().getFile()});
    Descriptors.MethodDescriptor act = file.findServiceByName("Gated").findMethodByName("Act");
    MethodDescriptor<Empty, Empty> method = MethodDescriptor.<Empty, Empty>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("test.Gated/Act")
        .setRequestMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
        .setResponseMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
        .setSchemaDescriptor(new ProtoMethodDescriptorSupplier() {
          @Override
          public Descriptors.MethodDescriptor getMethodDescriptor() {
            return act;
          }

          @Override
          public Descriptors.ServiceDescriptor getServiceDescriptor() {
            return act.getService();
          }

          @Override
          public Descriptors.FileDescriptor getFileDescriptor() {
            return file;
          }
        }).build();
    assertThat(AccessPolicies.of(method)).hasValueSatisfying(p -> assertThat(p.getRolesList()).contains("platform"));

    AtomicReference<Caller> seen = new AtomicReference<>();
    CallerServerInterceptor interceptor = new CallerServerInterceptor(
        (call, headers) -> Optional.ofNullable(headers.get(TEST_PEER)).map(Peer::new));
    ServerServiceDefinition service = ServerServiceDefinition.builder("test.Gated")
        .addMethod(method, ServerCalls.asyncUnaryCall((request, out) -> {
          seen.set(Caller.current());
          out.onNext(Empty.getDefaultInstance());
          out.onCompleted();
        })).build();
    String name = InProcessServerBuilder.generateName();
    Server server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(ServerInterceptors.intercept(service, interceptor)).build().start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    try {
      Metadata noCaller = new Metadata();
      noCaller.put(TEST_PEER, Peer.GATEWAY);
      assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(
          ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(noCaller)),
          method, CallOptions.DEFAULT, Empty.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
      assertThat(seen.get()).as("the handler never ran").isNull();

      Caller platform = new Caller("sa-platform-a", "platform-a", "", Set.of("platform"));
      Metadata withCaller = CallerMetadata.of(platform);
      withCaller.put(TEST_PEER, Peer.GATEWAY);
      ClientCalls.blockingUnaryCall(
          ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(withCaller)),
          method, CallOptions.DEFAULT, Empty.getDefaultInstance());
      assertThat(seen.get()).isEqualTo(platform);
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }
}
