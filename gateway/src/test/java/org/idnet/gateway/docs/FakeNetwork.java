package org.idnet.gateway.docs;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.idnet.disclosure.v1.AuditCheckpoint;
import org.idnet.disclosure.v1.AuditEntry;
import org.idnet.disclosure.v1.AuditLogServiceGrpc;
import org.idnet.disclosure.v1.CreateDisclosureRequestRequest;
import org.idnet.disclosure.v1.DisclosureRequest;
import org.idnet.disclosure.v1.DisclosureRequestServiceGrpc;
import org.idnet.disclosure.v1.GetAuditCheckpointRequest;
import org.idnet.disclosure.v1.GetDisclosureRequestRequest;
import org.idnet.disclosure.v1.GetTransparencyReportRequest;
import org.idnet.disclosure.v1.ListAuditEntriesRequest;
import org.idnet.disclosure.v1.ListAuditEntriesResponse;
import org.idnet.disclosure.v1.TransparencyCount;
import org.idnet.disclosure.v1.TransparencyDecisionTime;
import org.idnet.disclosure.v1.TransparencyReport;
import org.idnet.disclosure.v1.TransparencyReportServiceGrpc;
import org.idnet.identity.v1.AccountVerification;
import org.idnet.identity.v1.AccountVerificationServiceGrpc;
import org.idnet.identity.v1.CheckAccountRequest;
import org.idnet.identity.v1.CheckAccountResponse;
import org.idnet.identity.v1.LookupAccountsRequest;
import org.idnet.identity.v1.LookupAccountsResponse;
import org.idnet.identity.v1.VerificationStatus;

/**
 * One real gRPC server on a socket standing in for every backend of the documented routes, with
 * fixed answers for the few the API-docs test calls; the rest answer UNIMPLEMENTED. It counts the
 * calls that reach it, so a test can show a refused request never did.
 */
final class FakeNetwork implements AutoCloseable {

  final AtomicInteger calls = new AtomicInteger();
  final Server server;

  FakeNetwork() throws IOException {
    ServerInterceptor counting = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        calls.incrementAndGet();
        return next.startCall(call, headers);
      }
    };
    server = NettyServerBuilder.forPort(0, org.idnet.gateway.TestTls.of("identity-service").serverCredentials())
        .addService(ServerInterceptors.intercept(new Accounts(), counting))
        .addService(ServerInterceptors.intercept(new Audit(), counting))
        .addService(ServerInterceptors.intercept(new Transparency(), counting))
        .addService(ServerInterceptors.intercept(new Requests(), counting))
        .build().start();
  }

  String target() {
    return "localhost:" + server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  private static final class Accounts extends AccountVerificationServiceGrpc.AccountVerificationServiceImplBase {
    @Override
    public void checkAccount(CheckAccountRequest request, StreamObserver<CheckAccountResponse> out) {
      out.onNext(CheckAccountResponse.newBuilder().setVerification(verification(request.getAccountId())).build());
      out.onCompleted();
    }

    @Override
    public void lookupAccounts(LookupAccountsRequest request, StreamObserver<LookupAccountsResponse> out) {
      LookupAccountsResponse.Builder answer = LookupAccountsResponse.newBuilder();
      request.getAccountIdsList().forEach(id -> answer.addResults(verification(id)));
      out.onNext(answer.build());
      out.onCompleted();
    }

    private static AccountVerification verification(String id) {
      return AccountVerification.newBuilder().setAccountId(id).setStatus(VerificationStatus.UNVERIFIED).build();
    }
  }

  private static final class Audit extends AuditLogServiceGrpc.AuditLogServiceImplBase {
    @Override
    public void listAuditEntries(ListAuditEntriesRequest request, StreamObserver<ListAuditEntriesResponse> out) {
      out.onNext(ListAuditEntriesResponse.newBuilder()
          .addEntries(AuditEntry.newBuilder().setSeq(1).setType("REQUEST_CREATED").setPrevHash("0".repeat(64)))
          .addEntries(AuditEntry.newBuilder().setSeq(2).setType("REQUEST_APPROVED")).build());
      out.onCompleted();
    }

    @Override
    public void getAuditCheckpoint(GetAuditCheckpointRequest request, StreamObserver<AuditCheckpoint> out) {
      out.onNext(AuditCheckpoint.newBuilder().setSize(4).setRootHash("ab".repeat(32)).setKeyId("17").build());
      out.onCompleted();
    }
  }

  private static final class Transparency extends TransparencyReportServiceGrpc.TransparencyReportServiceImplBase {
    @Override
    public void getTransparencyReport(GetTransparencyReportRequest request, StreamObserver<TransparencyReport> out) {
      out.onNext(TransparencyReport.newBuilder().setTotal(3)
          .addCounts(TransparencyCount.newBuilder().setAgencyId("agency-1").setLegalBasis("VN-CPC-2015-ART88")
              .setOutcome("DISCLOSED").setCount(3))
          .addDecisionTimes(TransparencyDecisionTime.newBuilder().setMonth("2026-11").setAgencyId("agency-1")
              .setDecided(3)).build());
      out.onCompleted();
    }
  }

  private static final class Requests extends DisclosureRequestServiceGrpc.DisclosureRequestServiceImplBase {
    @Override
    public void createDisclosureRequest(CreateDisclosureRequestRequest request, StreamObserver<DisclosureRequest> out) {
      out.onNext(DisclosureRequest.newBuilder().setId("0f8fad5b-d9cb-469f-a165-70867728950e")
          .setTarget(request.getTarget()).setJustification(request.getJustification()).build());
      out.onCompleted();
    }

    @Override
    public void getDisclosureRequest(GetDisclosureRequestRequest request, StreamObserver<DisclosureRequest> out) {
      out.onError(Status.NOT_FOUND.withDescription("no such request").asRuntimeException());
    }
  }
}
