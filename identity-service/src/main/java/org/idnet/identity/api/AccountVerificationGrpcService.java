package org.idnet.identity.api;

import io.grpc.stub.StreamObserver;
import java.util.List;
import org.idnet.caller.Caller;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.AccountVerification;
import org.idnet.identity.domain.AccountVerifier;
import org.idnet.identity.domain.CheckedAccount;
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
  private final NearCacheHints hints;

  public AccountVerificationGrpcService(AccountVerifier verifier) {
    this(verifier, null);
  }

  /** @param hints what the gateway's near cache is told about each CheckAccount answer; null for nothing */
  public AccountVerificationGrpcService(AccountVerifier verifier, NearCacheHints hints) {
    this.verifier = verifier;
    this.hints = hints;
  }

  @Override
  public void checkAccount(CheckAccountRequest request, StreamObserver<CheckAccountResponse> responses) {
    AccountRef account = new AccountRef(Caller.current().platformId(), request.getAccountId());
    CheckedAccount checked = verifier.checkWithReview(account);
    if (hints != null) {
      hints.offer(account.platformId(), account.accountId(), checked.reviewAt());
    }
    responses.onNext(CheckAccountResponse.newBuilder()
        .setVerification(ProtoMapping.toProto(checked.verification()))
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
