package org.idnet.identity.hosted.api;

import static org.idnet.identity.hosted.api.VerificationSessionGrpcService.level;
import static org.idnet.identity.hosted.api.VerificationSessionGrpcService.outcome;
import static org.idnet.identity.hosted.api.VerificationSessionGrpcService.timestamp;

import io.grpc.stub.StreamObserver;
import org.idnet.headers.ForwardedHeader;
import org.idnet.identity.api.ProtoMapping;
import org.idnet.identity.hosted.domain.HostedSessionStore;
import org.idnet.identity.hosted.domain.HostedSessions;
import org.idnet.identity.hosted.domain.SessionOutcome;
import org.idnet.identity.hosted.domain.SessionTokens;
import org.idnet.identity.v1.CancelHostedSessionRequest;
import org.idnet.identity.v1.CancelHostedSessionResponse;
import org.idnet.identity.v1.CompleteHostedSessionRequest;
import org.idnet.identity.v1.CompleteHostedSessionResponse;
import org.idnet.identity.v1.GetHostedSessionRequest;
import org.idnet.identity.v1.GetHostedSessionResponse;
import org.idnet.identity.v1.HostedSession;
import org.idnet.identity.v1.HostedSessionServiceGrpc;
import org.idnet.identity.v1.OpenHostedSessionRequest;
import org.idnet.identity.v1.OpenHostedSessionResponse;
import org.idnet.identity.v1.ResolveHostedSessionRequest;
import org.idnet.identity.v1.ResolveHostedSessionResponse;
import org.idnet.identity.v1.VerificationOutcome;

/**
 * idnet's own pages' side of hosted verification (role {@code hosted-pages}; the session in the
 * Idnet-Session header), and the gateway's ResolveHostedSession (peer gateway, no caller).
 */
public final class HostedSessionGrpcService extends HostedSessionServiceGrpc.HostedSessionServiceImplBase {

  private final HostedSessions sessions;

  public HostedSessionGrpcService(HostedSessions sessions) {
    this.sessions = sessions;
  }

  private static String id(HostedSessionStore.Session session) {
    return SessionTokens.external(HostedSessions.SESSION_PREFIX, session.id());
  }

  @Override
  public void openHostedSession(OpenHostedSessionRequest request, StreamObserver<OpenHostedSessionResponse> responses) {
    HostedSessions.Opened opened = sessions.open(request.getLaunchToken());
    HostedSessionStore.Session session = opened.session();
    responses.onNext(OpenHostedSessionResponse.newBuilder().setSessionId(id(session)).setSessionSecret(opened.secret())
        .setPlatformId(session.platformId()).setAccountLabel(session.accountLabel()).setLevel(level(session.level()))
        .setLocale(session.locale()).setGuardianNamed(session.guardianAccountId().isPresent())
        .setExpiresAt(timestamp(session.expiresAt())).setReturnOrigin(opened.returnOrigin())
        .setAccountId(session.accountId()).setGuardianAccountId(session.guardianAccountId().orElse("")).build());
    responses.onCompleted();
  }

  @Override
  public void getHostedSession(GetHostedSessionRequest request, StreamObserver<GetHostedSessionResponse> responses) {
    HostedSessions.View view = sessions.view(sessions.authenticated(request.getSessionId(),
        ForwardedHeader.IDNET_SESSION.current(), false));
    HostedSessionStore.Session session = view.session();
    responses.onNext(GetHostedSessionResponse.newBuilder().setSession(HostedSession.newBuilder().setId(id(session))
        .setPlatformId(session.platformId()).setAccountLabel(session.accountLabel()).setLevelAsked(level(session.level()))
        .setLocale(session.locale()).setGuardianNamed(session.guardianAccountId().isPresent())
        .setLevelReached(ProtoMapping.level(view.verification())).setGuardianRequired(session.guardianRequired())
        .setRealNameAttemptsLeft(Math.max(0, HostedSessions.MAX_REAL_NAME_SUBMISSIONS - session.realNameSubmissions()))
        .setExpiresAt(timestamp(session.expiresAt())).setReturnOrigin(view.returnOrigin())).build());
    responses.onCompleted();
  }

  @Override
  public void completeHostedSession(CompleteHostedSessionRequest request,
      StreamObserver<CompleteHostedSessionResponse> responses) {
    HostedSessions.Ending ending = sessions.complete(sessions.authenticated(request.getSessionId(),
        ForwardedHeader.IDNET_SESSION.current(), true));
    responses.onNext(CompleteHostedSessionResponse.newBuilder().setRedirectUrl(ending.redirectUrl())
        .setOutcome(outcome(ending.outcome())).build());
    responses.onCompleted();
  }

  @Override
  public void cancelHostedSession(CancelHostedSessionRequest request, StreamObserver<CancelHostedSessionResponse> responses) {
    HostedSessionStore.Session session = sessions.authenticated(request.getSessionId(),
        ForwardedHeader.IDNET_SESSION.current(), true);
    SessionOutcome reason = request.getReason() == VerificationOutcome.VERIFICATION_OUTCOME_UNSPECIFIED
        ? SessionOutcome.CANCELLED : request.getReason() == VerificationOutcome.UNRECOGNIZED ? SessionOutcome.COMPLETED
        : SessionOutcome.valueOf(request.getReason().name());
    HostedSessions.Ending ending = sessions.cancel(session, reason);
    responses.onNext(CancelHostedSessionResponse.newBuilder().setRedirectUrl(ending.redirectUrl())
        .setOutcome(outcome(ending.outcome())).build());
    responses.onCompleted();
  }

  @Override
  public void resolveHostedSession(ResolveHostedSessionRequest request,
      StreamObserver<ResolveHostedSessionResponse> responses) {
    HostedSessionStore.Session session = sessions.resolve(request.getSessionId(), request.getSessionSecret());
    ResolveHostedSessionResponse.Builder out = ResolveHostedSessionResponse.newBuilder().setSessionId(id(session))
        .setPlatformId(session.platformId()).addAccountScope(session.accountId())
        .setExpiresAt(timestamp(session.expiresAt()));
    session.guardianAccountId().ifPresent(out::addAccountScope);
    responses.onNext(out.build());
    responses.onCompleted();
  }
}
