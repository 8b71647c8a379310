package org.idnet.disclosure.reports.api;

import io.grpc.stub.StreamObserver;
import org.idnet.disclosure.api.ProtoTime;
import org.idnet.disclosure.reports.domain.TransparencyReport;
import org.idnet.disclosure.reports.domain.TransparencyReporter;
import org.idnet.disclosure.v1.GetTransparencyReportRequest;
import org.idnet.disclosure.v1.TransparencyCount;
import org.idnet.disclosure.v1.TransparencyDecisionTime;
import org.idnet.disclosure.v1.TransparencyReportServiceGrpc;

/** The public report: no caller needed (public in the contract), counts only. */
public final class TransparencyGrpcService extends TransparencyReportServiceGrpc.TransparencyReportServiceImplBase {

  private final TransparencyReporter reporter;

  public TransparencyGrpcService(TransparencyReporter reporter) {
    this.reporter = reporter;
  }

  @Override
  public void getTransparencyReport(GetTransparencyReportRequest request,
      StreamObserver<org.idnet.disclosure.v1.TransparencyReport> out) {
    TransparencyReport report = reporter.report(
        request.hasFrom() ? ProtoTime.parse("from", request.getFrom()) : null,
        request.hasTo() ? ProtoTime.parse("to", request.getTo()) : null);
    org.idnet.disclosure.v1.TransparencyReport.Builder response = org.idnet.disclosure.v1.TransparencyReport
        .newBuilder().setTo(ProtoTime.of(report.to())).setTotal(report.total());
    if (report.from() != null) {
      response.setFrom(ProtoTime.of(report.from()));
    }
    for (var count : report.counts()) {
      response.addCounts(TransparencyCount.newBuilder().setAgencyId(count.agencyId())
          .setLegalBasis(count.legalBasis()).setOutcome(count.outcome().name()).setCount(count.count()));
    }
    for (var time : report.decisionTimes()) {
      TransparencyDecisionTime.Builder row = TransparencyDecisionTime.newBuilder().setAgencyId(time.agencyId())
          .setMonth(time.month().toString()).setDecided(time.decided());
      time.median().ifPresent(median -> row.setMedianSeconds(median.toSeconds()));
      response.addDecisionTimes(row);
    }
    out.onNext(response.build());
    out.onCompleted();
  }
}
