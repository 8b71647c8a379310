package org.idnet.disclosure.reports.api;

import io.grpc.stub.StreamObserver;
import org.idnet.caller.Caller;
import org.idnet.disclosure.reports.domain.NoticeReader;
import org.idnet.disclosure.v1.DisclosureNoticeServiceGrpc;
import org.idnet.disclosure.v1.ListAccountNoticesRequest;
import org.idnet.disclosure.v1.ListAccountNoticesResponse;

/** Notices for the calling platform's own account: the platform id is the caller's, never input. */
public final class NoticeGrpcService extends DisclosureNoticeServiceGrpc.DisclosureNoticeServiceImplBase {

  private final NoticeReader notices;

  public NoticeGrpcService(NoticeReader notices) {
    this.notices = notices;
  }

  @Override
  public void listAccountNotices(ListAccountNoticesRequest request, StreamObserver<ListAccountNoticesResponse> out) {
    ListAccountNoticesResponse.Builder response = ListAccountNoticesResponse.newBuilder();
    for (var notice : notices.notices(Caller.current().platformId(), request.getAccountId())) {
      response.addNotices(NoticeMapping.toProto(notice));
    }
    out.onNext(response.build());
    out.onCompleted();
  }
}
