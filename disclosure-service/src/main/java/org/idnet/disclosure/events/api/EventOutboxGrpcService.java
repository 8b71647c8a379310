package org.idnet.disclosure.events.api;

import io.grpc.stub.StreamObserver;
import org.idnet.disclosure.api.ProtoTime;
import org.idnet.disclosure.events.domain.OutboxEvent;
import org.idnet.disclosure.events.domain.OutboxReader;
import org.idnet.disclosure.reports.api.NoticeMapping;
import org.idnet.outbox.v1.AcknowledgeEventsRequest;
import org.idnet.outbox.v1.AcknowledgeEventsResponse;
import org.idnet.outbox.v1.EventOutboxServiceGrpc;
import org.idnet.outbox.v1.ReadEventsRequest;
import org.idnet.outbox.v1.ReadEventsResponse;
import org.idnet.webhooks.v1.NoticeAvailable;
import org.idnet.webhooks.v1.WebhookEvent;

/**
 * The outbox for webhook-dispatcher, the only peer its access policy admits (enforced by the
 * caller interceptor before any of this runs). No caller: the dispatcher calls as itself.
 */
public final class EventOutboxGrpcService extends EventOutboxServiceGrpc.EventOutboxServiceImplBase {

  private final OutboxReader outbox;

  public EventOutboxGrpcService(OutboxReader outbox) {
    this.outbox = outbox;
  }

  @Override
  public void readEvents(ReadEventsRequest request, StreamObserver<ReadEventsResponse> out) {
    ReadEventsResponse.Builder response = ReadEventsResponse.newBuilder();
    for (OutboxEvent event : outbox.read(request.getLimit())) {
      response.addEventsBuilder().setPosition(event.position()).setPlatformId(event.platformId())
          .setEvent(WebhookEvent.newBuilder().setId(event.eventId().toString()).setType(event.type())
              .setOccurredAt(ProtoTime.of(event.occurredAt())).setAccountId(event.accountId())
              .setNoticeAvailable(NoticeAvailable.newBuilder().setNotice(NoticeMapping.toProto(event.notice()))));
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  @Override
  public void acknowledgeEvents(AcknowledgeEventsRequest request, StreamObserver<AcknowledgeEventsResponse> out) {
    outbox.acknowledge(request.getPositionsList());
    out.onNext(AcknowledgeEventsResponse.getDefaultInstance());
    out.onCompleted();
  }
}
