package org.idnet.otp.testing;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.idnet.caller.Peer;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.BindPhoneRequest;
import org.idnet.identity.v1.BindPhoneResponse;
import org.idnet.identity.v1.PhoneBindingServiceGrpc;
import org.idnet.identity.v1.VerificationLevel;
import org.idnet.identity.v1.VerificationStatus;

/**
 * A small PhoneBindingService that records what it was asked and can be told to fail or to be
 * slow. It runs as a real gRPC server behind the real caller interceptor; the real
 * identity-service is exercised by the end-to-end test of the sandbox.
 */
public final class RecordingIdentity extends PhoneBindingServiceGrpc.PhoneBindingServiceImplBase {

  public record Call(BindPhoneRequest request, Peer peer) {
  }

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile boolean failing;
  private volatile long delayMillis;

  @Override
  public void bindPhone(BindPhoneRequest request, StreamObserver<BindPhoneResponse> observer) {
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (failing) {
      observer.onError(Status.UNAVAILABLE.withDescription("identity store down (test)").asRuntimeException());
      return;
    }
    calls.add(new Call(request, Peer.current()));
    observer.onNext(BindPhoneResponse.newBuilder().setVerification(AccountVerification.newBuilder()
        .setAccountId(request.getAccountId())
        .setStatus(VerificationStatus.VERIFIED)
        .setLevel(VerificationLevel.PHONE)).build());
    observer.onCompleted();
  }

  /** Successful binds. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public void failing(boolean failing) {
    this.failing = failing;
  }

  public void delay(long millis) {
    this.delayMillis = millis;
  }

  public void reset() {
    calls.clear();
    failing = false;
    delayMillis = 0;
  }
}
