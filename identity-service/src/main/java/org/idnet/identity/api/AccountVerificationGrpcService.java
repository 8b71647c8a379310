package org.idnet.identity.api;

import io.grpc.stub.StreamObserver;
import org.idnet.caller.Caller;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.AccountVerifier;
import org.idnet.identity.v1.AccountVerificationServiceGrpc;
import org.idnet.identity.v1.CheckAccountRequest;
import org.idnet.identity.v1.CheckAccountResponse;

/**
 * CheckAccount for platforms. The platform is always the caller's, never a request field, so a
 * platform can only ever ask about its own accounts.
 */
public final class AccountVerificationGrpcService
    extends AccountVerificationServiceGrpc.AccountVerificationServiceImplBase {

  private final AccountVerifier verifier;

  public AccountVerificationGrpcService(AccountVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public void checkAccount(CheckAccountRequest request, StreamObserver<CheckAccountResponse> responses) {
    AccountRef account = new AccountRef(Caller.current().platformId(), request.getAccountId());
    responses.onNext(CheckAccountResponse.newBuilder()
        .setVerification(ProtoMapping.toProto(verifier.check(account)))
        .build());
    responses.onCompleted();
  }
}
