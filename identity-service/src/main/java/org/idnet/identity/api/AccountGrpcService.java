package org.idnet.identity.api;

import io.grpc.stub.StreamObserver;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.idnet.caller.Caller;
import org.idnet.identity.domain.AccountCloser;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.AccountVerification;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.domain.RealNameForm;
import org.idnet.identity.domain.RealNameRegistrar;
import org.idnet.identity.hosted.domain.SessionRealNames;
import org.idnet.identity.v1.AccountServiceGrpc;
import org.idnet.identity.v1.CloseAccountRequest;
import org.idnet.identity.v1.CloseAccountResponse;
import org.idnet.identity.v1.RegisterRealNameRequest;
import org.idnet.identity.v1.RegisterRealNameResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RegisterRealName and CloseAccount for platforms (role {@code platform}, from the contract). The
 * answer to a registration is the account's verification, never the identity that was sent; logs
 * name the platform and the outcome, nothing of the person.
 */
public final class AccountGrpcService extends AccountServiceGrpc.AccountServiceImplBase {

  private static final Logger log = LoggerFactory.getLogger(AccountGrpcService.class);

  /** Refusals for the identity sent: they spend one of a hosted session's real-name submissions. */
  private static final Set<FailureReason> COUNTED = EnumSet.of(FailureReason.IDENTITY_NOT_CONFIRMED,
      FailureReason.GUARDIAN_REQUIRED, FailureReason.INVALID_IDENTITY, FailureReason.ACCOUNT_LIMIT_REACHED,
      FailureReason.ACCOUNT_ALREADY_REGISTERED);

  private final RealNameRegistrar registrar;
  private final AccountCloser closer;
  private final SessionRealNames sessions;

  public AccountGrpcService(RealNameRegistrar registrar, AccountCloser closer, SessionRealNames sessions) {
    this.registrar = registrar;
    this.closer = closer;
    this.sessions = sessions;
  }

  /**
   * For a hosted session's caller (docs/pages.md section 3.3), only the session's own account, with
   * the guardian it named or none (else NOT_FOUND account-not-found, as an unknown account), and at
   * most 3 submissions refused for the identity sent (RESOURCE_EXHAUSTED session-limit-reached).
   */
  @Override
  public void registerRealName(RegisterRealNameRequest request, StreamObserver<RegisterRealNameResponse> responses) {
    Caller caller = Caller.current();
    String platformId = caller.platformId();
    RealNameForm form = new RealNameForm(request.getAccountId(),
        request.getFullName(), request.getNationalId(), request.getDateOfBirth(),
        request.hasGuardianAccountId() ? request.getGuardianAccountId() : null);
    AccountVerification verification;
    if (caller.inHostedSession()) {
      UUID session = sessions.reserve(platformId, caller.sessionId(), caller.accountScope(),
          request.getAccountId(), Optional.ofNullable(form.guardianAccountId()));
      try {
        verification = registrar.register(platformId, form);
      } catch (IdentityException e) {
        sessions.settled(session, COUNTED.contains(e.reason()), e.reason() == FailureReason.GUARDIAN_REQUIRED);
        throw e;
      } catch (RuntimeException e) {
        sessions.settled(session, false, false);
        throw e;
      }
      sessions.settled(session, false, false);
    } else {
      verification = registrar.register(platformId, form);
    }
    log.info("real name registered for an account of platform {} ({})", platformId, verification.ageBand());
    responses.onNext(RegisterRealNameResponse.newBuilder()
        .setVerification(ProtoMapping.toProto(verification)).build());
    responses.onCompleted();
  }

  /** Success for an account never seen too: see {@link AccountCloser}. */
  @Override
  public void closeAccount(CloseAccountRequest request, StreamObserver<CloseAccountResponse> responses) {
    String platformId = Caller.current().platformId();
    if (closer.close(new AccountRef(platformId, request.getAccountId()))) {
      log.info("closed an account of platform {}: its bindings ended", platformId);
    }
    responses.onNext(CloseAccountResponse.getDefaultInstance());
    responses.onCompleted();
  }
}
