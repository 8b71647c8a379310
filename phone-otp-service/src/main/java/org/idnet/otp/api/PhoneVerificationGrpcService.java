package org.idnet.otp.api;

import io.grpc.stub.StreamObserver;
import java.util.Optional;
import org.idnet.caller.Caller;
import org.idnet.headers.ForwardedHeader;
import org.idnet.otp.domain.CodeChecker;
import org.idnet.otp.domain.HostedSessionRules;
import org.idnet.otp.domain.HostedSessionRules.SessionScope;
import org.idnet.otp.domain.IdempotencyKey;
import org.idnet.otp.domain.IdempotentStarter;
import org.idnet.otp.domain.PhoneVerificationView;
import org.idnet.otp.domain.VerificationReader;
import org.idnet.otp.domain.VerificationStarter;
import org.idnet.otp.v1.CheckPhoneVerificationRequest;
import org.idnet.otp.v1.CheckPhoneVerificationResponse;
import org.idnet.otp.v1.CreatePhoneVerificationRequest;
import org.idnet.otp.v1.CreatePhoneVerificationResponse;
import org.idnet.otp.v1.GetPhoneVerificationRequest;
import org.idnet.otp.v1.GetPhoneVerificationResponse;
import org.idnet.otp.v1.PhoneVerificationServiceGrpc;
import org.idnet.otp.v1.ResendPhoneVerificationRequest;
import org.idnet.otp.v1.ResendPhoneVerificationResponse;
import org.idnet.proto.DeterministicBytes;

/**
 * The gRPC face of phone verifications. The platform is always the caller's (as the gateway states
 * it), never a request field, so one platform can't act on another's verifications. Handlers only
 * translate: what they throw becomes a status in the shared error interceptor.
 */
public final class PhoneVerificationGrpcService extends PhoneVerificationServiceGrpc.PhoneVerificationServiceImplBase {

  private final IdempotentStarter creator;
  private final VerificationStarter starter;
  private final VerificationReader reader;
  private final CodeChecker checker;
  private final HostedSessionRules sessions;

  public PhoneVerificationGrpcService(IdempotentStarter creator, VerificationStarter starter,
      VerificationReader reader, CodeChecker checker, HostedSessionRules sessions) {
    this.creator = creator;
    this.starter = starter;
    this.reader = reader;
    this.checker = checker;
    this.sessions = sessions;
  }

  @Override
  public void createPhoneVerification(CreatePhoneVerificationRequest request,
      StreamObserver<CreatePhoneVerificationResponse> observer) {
    Optional<IdempotencyKey> key = ForwardedHeader.IDEMPOTENCY_KEY.current()
        .map(value -> new IdempotencyKey(value, DeterministicBytes.of(request)));
    sessions.beforeStart(session(), request.getAccountId());
    reply(observer, CreatePhoneVerificationResponse.newBuilder()
        .setPhoneVerification(ProtoMapping.toProto(
            creator.create(platform(), request.getAccountId(), request.getPhoneNumber(), key)))
        .build());
  }

  @Override
  public void getPhoneVerification(GetPhoneVerificationRequest request,
      StreamObserver<GetPhoneVerificationResponse> observer) {
    PhoneVerificationView view = reader.get(platform(), request.getId());
    sessions.requireInScope(session(), view.accountId());
    reply(observer, GetPhoneVerificationResponse.newBuilder()
        .setPhoneVerification(ProtoMapping.toProto(view))
        .build());
  }

  @Override
  public void checkPhoneVerification(CheckPhoneVerificationRequest request,
      StreamObserver<CheckPhoneVerificationResponse> observer) {
    SessionScope session = session();
    if (session.inHostedSession()) {
      sessions.beforeCheck(session, reader.get(platform(), request.getId()).accountId());
    }
    PhoneVerificationView view;
    try {
      view = checker.check(platform(), request.getId(), request.getCode());
    } catch (RuntimeException e) {
      sessions.afterUnansweredCheck(session);
      throw e;
    }
    sessions.afterCheck(session, view);
    reply(observer, CheckPhoneVerificationResponse.newBuilder()
        .setPhoneVerification(ProtoMapping.toProto(view))
        .build());
  }

  @Override
  public void resendPhoneVerification(ResendPhoneVerificationRequest request,
      StreamObserver<ResendPhoneVerificationResponse> observer) {
    SessionScope session = session();
    if (session.inHostedSession()) {
      sessions.beforeResend(session, reader.get(platform(), request.getId()).accountId());
    }
    reply(observer, ResendPhoneVerificationResponse.newBuilder()
        .setPhoneVerification(ProtoMapping.toProto(starter.resend(platform(), request.getId())))
        .build());
  }

  private static SessionScope session() {
    Caller caller = Caller.current();
    return new SessionScope(caller.sessionId(), caller.accountScope());
  }

  private static String platform() {
    return Caller.current().platformId();
  }

  private static <T> void reply(StreamObserver<T> observer, T response) {
    observer.onNext(response);
    observer.onCompleted();
  }
}
