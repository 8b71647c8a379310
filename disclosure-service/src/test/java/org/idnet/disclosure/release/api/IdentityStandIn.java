package org.idnet.disclosure.release.api;

import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.idnet.caller.CallerServerInterceptor;
import org.idnet.caller.Peer;
import org.idnet.disclosure.TestPeers;
import org.idnet.identity.v1.DisclosureGrant;
import org.idnet.identity.v1.IdentityReleaseServiceGrpc;
import org.idnet.identity.v1.ReleaseIdentityRequest;
import org.idnet.identity.v1.ReleaseIdentityResponse;
import org.idnet.keysets.PublicKeysetFile;

/**
 * identity-service's ReleaseIdentity as disclosure-service meets it, on an in-process server:
 * behind the real caller check (the contract lets only the peer disclosure-service in), verifying
 * signatures with the public keyset disclosure-service published, and answering what the test says.
 * identity-service itself cannot run in these tests; its own tests verify grants for real.
 */
final class IdentityStandIn extends IdentityReleaseServiceGrpc.IdentityReleaseServiceImplBase
    implements AutoCloseable {

  final String name = InProcessServerBuilder.generateName();
  final List<DisclosureGrant> verified = new CopyOnWriteArrayList<>();
  final List<String> callers = new CopyOnWriteArrayList<>();
  volatile Function<DisclosureGrant, ReleaseIdentityResponse> answer =
      grant -> ReleaseIdentityResponse.newBuilder().setFound(false).build();
  volatile StatusRuntimeException failure;
  volatile Duration delay = Duration.ZERO;
  private final PublicKeyVerify trusted;
  private final Server server;

  IdentityStandIn(Path publicKeyset) throws IOException, GeneralSecurityException {
    trusted = PublicKeysetFile.read(publicKeyset, Ed25519Parameters.class)
        .getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
    server = InProcessServerBuilder.forName(name)
        .addService(ServerInterceptors.intercept(this, new CallerServerInterceptor(TestPeers.RESOLVER))).build().start();
  }

  static StatusRuntimeException refusal(String description) {
    return refusal(description, null);
  }

  /** As identity-service refuses: reason grant-refused, the failed check in the metadata (none when null). */
  static StatusRuntimeException refusal(String description, String check) {
    ErrorInfo.Builder info = ErrorInfo.newBuilder().setReason("grant-refused").setDomain("idnet.org");
    if (check != null) {
      info.putMetadata("check", check);
    }
    return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
        .setCode(Code.PERMISSION_DENIED_VALUE).setMessage(description).addDetails(Any.pack(info.build())).build());
  }

  @Override
  public void releaseIdentity(ReleaseIdentityRequest request, StreamObserver<ReleaseIdentityResponse> responses) {
    callers.add(Peer.current().service());
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      responses.onError(failure);
      return;
    }
    DisclosureGrant grant;
    try {
      trusted.verify(request.getSignature().toByteArray(), request.getGrant().toByteArray());
      grant = DisclosureGrant.parseFrom(request.getGrant());
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      responses.onError(refusal("grant refused (signature): the signature does not verify over the grant bytes"));
      return;
    }
    verified.add(grant);
    responses.onNext(answer.apply(grant));
    responses.onCompleted();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
