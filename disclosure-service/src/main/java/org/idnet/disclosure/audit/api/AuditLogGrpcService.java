package org.idnet.disclosure.audit.api;

import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.idnet.disclosure.audit.domain.AuditCheckpointIssuer;
import org.idnet.disclosure.audit.domain.AuditHistory;
import org.idnet.disclosure.audit.domain.AuditLogVerifier;
import org.idnet.disclosure.audit.domain.EntryPage;
import org.idnet.disclosure.v1.AuditCheckpoint;
import org.idnet.disclosure.v1.AuditLogServiceGrpc;
import org.idnet.disclosure.v1.AuditSigningKeys;
import org.idnet.disclosure.v1.AuditVerification;
import org.idnet.disclosure.v1.GetAuditCheckpointRequest;
import org.idnet.disclosure.v1.GetAuditSigningKeysRequest;
import org.idnet.disclosure.v1.ListAuditEntriesRequest;
import org.idnet.disclosure.v1.ListAuditEntriesResponse;
import org.idnet.disclosure.v1.VerifyAuditLogRequest;

/**
 * The oversight API of the audit log. Who may call what (auditor; signing keys public) is the
 * contract's access policy, enforced by the caller interceptor before a handler runs; entries hold
 * no personal data, so an auditor sees them whole.
 */
public final class AuditLogGrpcService extends AuditLogServiceGrpc.AuditLogServiceImplBase {

  private final AuditHistory history;
  private final AuditCheckpointIssuer checkpoints;
  private final AuditLogVerifier verifier;

  public AuditLogGrpcService(AuditHistory history, AuditCheckpointIssuer checkpoints, AuditLogVerifier verifier) {
    this.history = history;
    this.checkpoints = checkpoints;
    this.verifier = verifier;
  }

  @Override
  public void listAuditEntries(ListAuditEntriesRequest request, StreamObserver<ListAuditEntriesResponse> response) {
    respond(response, () -> {
      EntryPage page = EntryPage.of(request.getFromSeq(), request.getLimit());
      ListAuditEntriesResponse.Builder out = ListAuditEntriesResponse.newBuilder();
      history.page(page).forEach(e -> out.addEntries(AuditProtoMapping.entry(e)));
      return out.build();
    });
  }

  @Override
  public void getAuditCheckpoint(GetAuditCheckpointRequest request, StreamObserver<AuditCheckpoint> response) {
    respond(response, () -> AuditProtoMapping.checkpoint(checkpoints.issueNow()));
  }

  @Override
  public void verifyAuditLog(VerifyAuditLogRequest request, StreamObserver<AuditVerification> response) {
    respond(response, () -> AuditProtoMapping.verification(verifier.verify()));
  }

  @Override
  public void getAuditSigningKeys(GetAuditSigningKeysRequest request, StreamObserver<AuditSigningKeys> response) {
    respond(response, () -> AuditSigningKeys.newBuilder().setPublicKeysetJson(checkpoints.publicKeysetJson()).build());
  }

  /** Handlers throw; the shared status-mapping interceptor turns a refusal into its status (GrpcErrors). */
  private static <T> void respond(StreamObserver<T> response, Supplier<T> handler) {
    response.onNext(handler.get());
    response.onCompleted();
  }
}
