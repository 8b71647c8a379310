package org.idnet.otp.api;

import io.grpc.stub.StreamObserver;
import org.idnet.otp.domain.SmsOutbox;
import org.idnet.sandbox.v1.ListSmsRequest;
import org.idnet.sandbox.v1.ListSmsResponse;
import org.idnet.sandbox.v1.SandboxSmsServiceGrpc;

/** The sandbox outbox over gRPC ({@code GET /sandbox/sms}); registered only with the sandbox profile. */
public final class SandboxSmsGrpcService extends SandboxSmsServiceGrpc.SandboxSmsServiceImplBase {

  private final SmsOutbox outbox;

  public SandboxSmsGrpcService(SmsOutbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public void listSms(ListSmsRequest request, StreamObserver<ListSmsResponse> observer) {
    ListSmsResponse.Builder response = ListSmsResponse.newBuilder();
    outbox.recent(request.getTo()).forEach(sms -> response.addMessages(ProtoMapping.toProto(sms)));
    observer.onNext(response.build());
    observer.onCompleted();
  }
}
