package org.idnet.identity.api;

import io.grpc.stub.StreamObserver;
import org.idnet.caller.Caller;
import org.idnet.identity.domain.AccountCloser;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.AccountVerification;
import org.idnet.identity.domain.RealNameForm;
import org.idnet.identity.domain.RealNameRegistrar;
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

  private final RealNameRegistrar registrar;
  private final AccountCloser closer;

  public AccountGrpcService(RealNameRegistrar registrar, AccountCloser closer) {
    this.registrar = registrar;
    this.closer = closer;
  }

  @Override
  public void registerRealName(RegisterRealNameRequest request, StreamObserver<RegisterRealNameResponse> responses) {
    String platformId = Caller.current().platformId();
    AccountVerification verification = registrar.register(platformId, new RealNameForm(request.getAccountId(),
        request.getFullName(), request.getNationalId(), request.getDateOfBirth(),
        request.hasGuardianAccountId() ? request.getGuardianAccountId() : null));
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
