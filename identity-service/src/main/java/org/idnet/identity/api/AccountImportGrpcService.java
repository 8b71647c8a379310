package org.idnet.identity.api;

import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.idnet.caller.Caller;
import org.idnet.headers.ForwardedHeader;
import org.idnet.headers.IdempotencyKeys;
import org.idnet.identity.domain.AccountImports;
import org.idnet.identity.domain.BatchReceipt;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.domain.ImportBatch;
import org.idnet.identity.domain.ImportId;
import org.idnet.identity.domain.ImportLine;
import org.idnet.identity.domain.ImportProgress;
import org.idnet.identity.domain.ImportRefusal;
import org.idnet.identity.domain.LineRefusal;
import org.idnet.identity.domain.RefusalPage;
import org.idnet.identity.v1.AccountImportServiceGrpc;
import org.idnet.identity.v1.AddImportBatchRequest;
import org.idnet.identity.v1.AddImportBatchResponse;
import org.idnet.identity.v1.CompleteImportRequest;
import org.idnet.identity.v1.CompleteImportResponse;
import org.idnet.identity.v1.CreateImportRequest;
import org.idnet.identity.v1.CreateImportResponse;
import org.idnet.identity.v1.GetImportRequest;
import org.idnet.identity.v1.GetImportResponse;
import org.idnet.identity.v1.Import;
import org.idnet.identity.v1.ImportStatus;
import org.idnet.identity.v1.ListImportRefusalsRequest;
import org.idnet.identity.v1.ListImportRefusalsResponse;
import org.idnet.identity.v1.RefusalCount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A platform's imports of phone bindings it verified (docs/imports.md). The platform is always the
 * caller's, never a request field: another platform's import is as unknown as one never made.
 */
public final class AccountImportGrpcService extends AccountImportServiceGrpc.AccountImportServiceImplBase {

  private static final Logger log = LoggerFactory.getLogger(AccountImportGrpcService.class);

  private final AccountImports imports;

  public AccountImportGrpcService(AccountImports imports) {
    this.imports = imports;
  }

  @Override
  public void createImport(CreateImportRequest request, StreamObserver<CreateImportResponse> responses) {
    Optional<String> key = ForwardedHeader.IDEMPOTENCY_KEY.current();
    if (key.isPresent() && !IdempotencyKeys.isWellFormed(key.get())) {
      throw IdentityException.invalid(FailureReason.INVALID_REQUEST, IdempotencyKeys.HEADER,
          IdempotencyKeys.HEADER + " " + IdempotencyKeys.RULE);
    }
    ImportProgress created = imports.create(Caller.current().platformId(), key);
    log.info("import {} of platform {} opened", created.id(), Caller.current().platformId());
    responses.onNext(CreateImportResponse.newBuilder().setImport(toProto(created)).build());
    responses.onCompleted();
  }

  @Override
  public void addImportBatch(AddImportBatchRequest request, StreamObserver<AddImportBatchResponse> responses) {
    ImportId id = ImportId.parse(request.getImportId());
    List<ImportLine> lines = new ArrayList<>(request.getLinesCount());
    for (org.idnet.identity.v1.ImportLine line : request.getLinesList()) {
      lines.add(new ImportLine(line.getLine(), line.getAccountId(), line.getPhoneNumber(),
          line.hasVerifiedAt() ? Optional.of(instant(line.getVerifiedAt())) : Optional.empty()));
    }
    BatchReceipt receipt = imports.addBatch(new ImportBatch(Caller.current().platformId(), id,
        request.getBatchNumber(), lines));
    // Numbers only: what the lines hold never reaches a log.
    log.info("import {} batch {} stored: {} line(s), {}-{}", id, receipt.batchNumber(), receipt.lineCount(),
        receipt.firstLine(), receipt.lastLine());
    responses.onNext(AddImportBatchResponse.newBuilder().setReceipt(org.idnet.identity.v1.BatchReceipt.newBuilder()
        .setBatchNumber(receipt.batchNumber())
        .setLineCount(receipt.lineCount())
        .setFirstLine(receipt.firstLine())
        .setLastLine(receipt.lastLine())
        .setReceivedAt(ProtoMapping.timestamp(receipt.receivedAt())))
        .build());
    responses.onCompleted();
  }

  @Override
  public void completeImport(CompleteImportRequest request, StreamObserver<CompleteImportResponse> responses) {
    ImportProgress progress = imports.complete(Caller.current().platformId(), ImportId.parse(request.getImportId()));
    log.info("import {} of platform {} completed: {} line(s) received", progress.id(),
        Caller.current().platformId(), progress.linesReceived());
    responses.onNext(CompleteImportResponse.newBuilder().setImport(toProto(progress)).build());
    responses.onCompleted();
  }

  @Override
  public void getImport(GetImportRequest request, StreamObserver<GetImportResponse> responses) {
    ImportProgress progress = imports.progress(Caller.current().platformId(), ImportId.parse(request.getImportId()));
    responses.onNext(GetImportResponse.newBuilder().setImport(toProto(progress)).build());
    responses.onCompleted();
  }

  @Override
  public void listImportRefusals(ListImportRefusalsRequest request,
      StreamObserver<ListImportRefusalsResponse> responses) {
    RefusalPage page = imports.refusals(Caller.current().platformId(), ImportId.parse(request.getImportId()),
        request.getPageSize(), request.getAfterLine());
    ListImportRefusalsResponse.Builder answer = ListImportRefusalsResponse.newBuilder()
        .setNextAfterLine(page.nextAfterLine());
    for (LineRefusal refusal : page.refusals()) {
      answer.addRefusals(org.idnet.identity.v1.LineRefusal.newBuilder().setLine(refusal.line())
          .setReason(refusal.reason().code()));
    }
    responses.onNext(answer.build());
    responses.onCompleted();
  }

  static Import toProto(ImportProgress progress) {
    Import.Builder answer = Import.newBuilder()
        .setId(progress.id().external())
        .setStatus(switch (progress.status()) {
          case OPEN -> ImportStatus.OPEN;
          case PROCESSING -> ImportStatus.PROCESSING;
          case DONE -> ImportStatus.DONE;
        })
        .setCreatedAt(ProtoMapping.timestamp(progress.createdAt()))
        .setBatchesReceived(progress.batchesReceived())
        .setLinesReceived(progress.linesReceived())
        .setLinesBound(progress.linesBound())
        .setLinesRefused(progress.linesRefused())
        .setLinesRemaining(progress.remaining());
    progress.completedAt().ifPresent(at -> answer.setCompletedAt(ProtoMapping.timestamp(at)));
    for (Map.Entry<ImportRefusal, Long> count : progress.refusals().entrySet()) {
      answer.addRefusals(RefusalCount.newBuilder().setReason(count.getKey().code()).setLines(count.getValue()));
    }
    return answer.build();
  }

  private static Instant instant(Timestamp timestamp) {
    // Seconds beyond what Instant holds are a date nobody verified anything on: the earliest instant,
    // refused as too old when the line is processed.
    try {
      return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    } catch (java.time.DateTimeException | ArithmeticException e) {
      return Instant.MIN;
    }
  }
}
