package org.idnet.identity.hosted.api;

import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.Optional;
import org.idnet.caller.Caller;
import org.idnet.headers.ForwardedHeader;
import org.idnet.headers.IdempotencyKeys;
import org.idnet.identity.api.ProtoMapping;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.domain.VerificationLevel;
import org.idnet.identity.hosted.domain.HostedSessionStore;
import org.idnet.identity.hosted.domain.HostedSessions;
import org.idnet.identity.hosted.domain.ReturnUrls;
import org.idnet.identity.hosted.domain.SessionOutcome;
import org.idnet.identity.hosted.domain.SessionTokens;
import org.idnet.identity.v1.CreateVerificationSessionRequest;
import org.idnet.identity.v1.CreateVerificationSessionResponse;
import org.idnet.identity.v1.DeleteReturnUrlRequest;
import org.idnet.identity.v1.DeleteReturnUrlResponse;
import org.idnet.identity.v1.ListReturnUrlsRequest;
import org.idnet.identity.v1.ListReturnUrlsResponse;
import org.idnet.identity.v1.RedeemVerificationResultRequest;
import org.idnet.identity.v1.RedeemVerificationResultResponse;
import org.idnet.identity.v1.RegisterReturnUrlRequest;
import org.idnet.identity.v1.RegisterReturnUrlResponse;
import org.idnet.identity.v1.ReturnUrl;
import org.idnet.identity.v1.VerificationOutcome;
import org.idnet.identity.v1.VerificationSessionServiceGrpc;

/**
 * The platform's side of hosted verification (role {@code platform}): return URLs, sessions, results.
 * Logs name the platform and the outcome, never the account, state or any secret.
 */
public final class VerificationSessionGrpcService extends VerificationSessionServiceGrpc.VerificationSessionServiceImplBase {

  private final ReturnUrls returnUrls;
  private final HostedSessions sessions;

  public VerificationSessionGrpcService(ReturnUrls returnUrls, HostedSessions sessions) {
    this.returnUrls = returnUrls;
    this.sessions = sessions;
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  static ReturnUrl toProto(HostedSessionStore.ReturnUrl url) {
    return ReturnUrl.newBuilder().setId(SessionTokens.external(ReturnUrls.RETURN_URL_PREFIX, url.id()))
        .setUrl(url.url()).setCreatedAt(timestamp(url.createdAt())).build();
  }

  static org.idnet.identity.v1.VerificationLevel level(VerificationLevel level) {
    return org.idnet.identity.v1.VerificationLevel.valueOf(level.name());
  }

  static VerificationOutcome outcome(SessionOutcome outcome) {
    return VerificationOutcome.valueOf(outcome.name());
  }

  @Override
  public void registerReturnUrl(RegisterReturnUrlRequest request, StreamObserver<RegisterReturnUrlResponse> responses) {
    HostedSessionStore.ReturnUrl url = returnUrls.register(Caller.current().platformId(), request.getUrl());
    responses.onNext(RegisterReturnUrlResponse.newBuilder().setReturnUrl(toProto(url)).build());
    responses.onCompleted();
  }

  @Override
  public void listReturnUrls(ListReturnUrlsRequest request, StreamObserver<ListReturnUrlsResponse> responses) {
    ListReturnUrlsResponse.Builder out = ListReturnUrlsResponse.newBuilder();
    returnUrls.list(Caller.current().platformId()).forEach(url -> out.addReturnUrls(toProto(url)));
    responses.onNext(out.build());
    responses.onCompleted();
  }

  @Override
  public void deleteReturnUrl(DeleteReturnUrlRequest request, StreamObserver<DeleteReturnUrlResponse> responses) {
    returnUrls.delete(Caller.current().platformId(), request.getReturnUrlId());
    responses.onNext(DeleteReturnUrlResponse.getDefaultInstance());
    responses.onCompleted();
  }

  @Override
  public void createVerificationSession(CreateVerificationSessionRequest request,
      StreamObserver<CreateVerificationSessionResponse> responses) {
    Optional<String> key = ForwardedHeader.IDEMPOTENCY_KEY.current();
    if (key.isPresent() && !IdempotencyKeys.isWellFormed(key.get())) {
      throw IdentityException.invalid(FailureReason.INVALID_REQUEST, IdempotencyKeys.HEADER,
          IdempotencyKeys.HEADER + " " + IdempotencyKeys.RULE);
    }
    VerificationLevel level = switch (request.getLevel()) {
      case PHONE -> VerificationLevel.PHONE;
      case REAL_NAME -> VerificationLevel.REAL_NAME;
      default -> throw IdentityException.invalid(FailureReason.INVALID_LEVEL, "level", "level must be PHONE or REAL_NAME");
    };
    HostedSessions.Created created = sessions.create(Caller.current().platformId(), new HostedSessions.Request(
        request.getAccountId(), request.getReturnUrl(), request.getState(), level,
        request.hasGuardianAccountId() ? Optional.of(request.getGuardianAccountId()) : Optional.empty(),
        request.hasLocale() ? request.getLocale() : "", request.getAccountLabel()), key);
    responses.onNext(CreateVerificationSessionResponse.newBuilder().setId(created.id()).setUrl(created.url())
        .setLaunchExpiresAt(timestamp(created.launchExpiresAt())).setExpiresAt(timestamp(created.expiresAt())).build());
    responses.onCompleted();
  }

  @Override
  public void redeemVerificationResult(RedeemVerificationResultRequest request,
      StreamObserver<RedeemVerificationResultResponse> responses) {
    HostedSessions.Redeemed redeemed = sessions.redeem(Caller.current().platformId(), request.getResult());
    HostedSessionStore.Session session = redeemed.session();
    responses.onNext(RedeemVerificationResultResponse.newBuilder()
        .setSessionId(SessionTokens.external(HostedSessions.SESSION_PREFIX, session.id()))
        .setAccountId(session.accountId()).setState(session.state())
        .setOutcome(outcome(session.outcome().orElseThrow())).setLevelAsked(level(session.level()))
        .setVerification(ProtoMapping.toProto(redeemed.verification()))
        .setFinishedAt(timestamp(session.finishedAt().orElseThrow())).build());
    responses.onCompleted();
  }
}
