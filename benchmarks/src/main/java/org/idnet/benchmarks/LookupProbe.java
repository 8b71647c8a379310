package org.idnet.benchmarks;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.idnet.identity.v1.AccountVerificationServiceGrpc;
import org.idnet.identity.v1.LookupAccountsRequest;
import org.idnet.identity.v1.LookupAccountsResponse;
import org.idnet.identity.v1.VerificationLevel;

/**
 * Whether batch look-ups work yet, over gRPC and through the gateway: P3 is measured only where
 * they answer correctly (500 results, every account asked for verified: PHONE for the seeded ones,
 * REAL_NAME for the loaded records), never guessed.
 */
record LookupProbe(boolean grpc, boolean gateway, String note) {

  @FunctionalInterface
  interface TokenSource {
    String get() throws Exception;
  }

  static LookupProbe probe(AccountVerificationServiceGrpc.AccountVerificationServiceFutureStub stub,
      LookupAccountsRequest request, String gatewayUrl, TokenSource token) {
    String grpcNote;
    boolean grpc = false;
    try {
      LookupAccountsResponse response = stub.withDeadlineAfter(10, TimeUnit.SECONDS).lookupAccounts(request).get();
      grpc = response.getResultsCount() == request.getAccountIdsCount()
          && response.getResultsList().stream().allMatch(r -> r.getLevel() == VerificationLevel.PHONE
          || r.getLevel() == VerificationLevel.REAL_NAME);
      grpcNote = grpc ? "LookupAccounts answers" : "LookupAccounts answered wrongly ("
          + response.getResultsCount() + " results for " + request.getAccountIdsCount() + " ids, or one not verified)";
    } catch (ExecutionException e) {
      Status status = Status.fromThrowable(e.getCause());
      grpcNote = status.getCode() == Status.Code.UNIMPLEMENTED
          ? "LookupAccounts is UNIMPLEMENTED in identity-service" : "LookupAccounts failed: " + status;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new LookupProbe(false, false, "interrupted");
    } catch (StatusRuntimeException e) {
      grpcNote = "LookupAccounts failed: " + e.getStatus();
    }
    boolean gateway = false;
    String gatewayNote;
    try {
      String body = request.getAccountIdsList().stream().map(id -> "\"" + id + "\"")
          .collect(Collectors.joining(",", "{\"accountIds\":[", "]}"));
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gatewayUrl))
          .header("Authorization", "Bearer " + token.get()).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      gateway = response.statusCode() == 200 && response.body().contains("\"results\"");
      gatewayNote = gateway ? "the gateway route answers" : "the gateway route answers HTTP " + response.statusCode();
    } catch (Exception e) {
      gatewayNote = "the gateway route failed: " + e;
    }
    return new LookupProbe(grpc, gateway, grpcNote + "; " + gatewayNote);
  }
}
