package org.idnet.identity.api;

import io.grpc.stub.StreamObserver;
import java.util.List;
import org.idnet.caller.Caller;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.AccountVerification;
import org.idnet.identity.domain.AccountVerifier;
import org.idnet.identity.v1.AccountVerificationServiceGrpc;
import org.idnet.identity.v1.CheckAccountRequest;
import org.idnet.identity.v1.CheckAccountResponse;
import org.idnet.identity.v1.LookupAccountsRequest;
import org.idnet.identity.v1.LookupAccountsResponse;

/**
 * CheckAccount and LookupAccounts for platforms: the hot path. The platform is always the
 * caller's, never a request field, so a platform can only ever ask about its own accounts; another
 * platform's account is as unknown to it as one never seen.
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

  @Override
  public void lookupAccounts(LookupAccountsRequest request, StreamObserver<LookupAccountsResponse> responses) {
    List<AccountVerification> answers = verifier.lookup(Caller.current().platformId(), request.getAccountIdsList());
    LookupAccountsResponse.Builder response = LookupAccountsResponse.newBuilder();
    for (AccountVerification answer : answers) {
      response.addResults(ProtoMapping.toProto(answer));
    }
    responses.onNext(response.build());
    responses.onCompleted();
  }
}
