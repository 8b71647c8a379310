package org.idnet.identity.api;

import io.grpc.stub.StreamObserver;
import org.idnet.identity.domain.EventFeed;
import org.idnet.identity.domain.PublishedEvent;
import org.idnet.outbox.v1.AcknowledgeEventsRequest;
import org.idnet.outbox.v1.AcknowledgeEventsResponse;
import org.idnet.outbox.v1.EventOutboxServiceGrpc;
import org.idnet.outbox.v1.OutboxEvent;
import org.idnet.outbox.v1.ReadEventsRequest;
import org.idnet.outbox.v1.ReadEventsResponse;
import org.idnet.webhooks.v1.AccountClosed;
import org.idnet.webhooks.v1.BindingRevoked;
import org.idnet.webhooks.v1.VerificationChanged;
import org.idnet.webhooks.v1.WebhookEvent;

/**
 * ReadEvents and AcknowledgeEvents for webhook-dispatcher, the only peer the contract lets call
 * them (enforced by the caller interceptor). An event carries the platform's own account id and,
 * for a verification change, its level, capabilities and age band: never personal data.
 */
public final class EventOutboxGrpcService extends EventOutboxServiceGrpc.EventOutboxServiceImplBase {

  private final EventFeed feed;

  public EventOutboxGrpcService(EventFeed feed) {
    this.feed = feed;
  }

  @Override
  public void readEvents(ReadEventsRequest request, StreamObserver<ReadEventsResponse> responses) {
    ReadEventsResponse.Builder answer = ReadEventsResponse.newBuilder();
    for (PublishedEvent published : feed.read(request.getLimit())) {
      answer.addEvents(toProto(published));
    }
    responses.onNext(answer.build());
    responses.onCompleted();
  }

  @Override
  public void acknowledgeEvents(AcknowledgeEventsRequest request,
      StreamObserver<AcknowledgeEventsResponse> responses) {
    feed.acknowledge(request.getPositionsList());
    responses.onNext(AcknowledgeEventsResponse.getDefaultInstance());
    responses.onCompleted();
  }

  private static OutboxEvent toProto(PublishedEvent published) {
    org.idnet.identity.domain.OutboxEvent event = published.event();
    WebhookEvent.Builder webhook = WebhookEvent.newBuilder()
        .setId(event.id().toString())
        .setType(event.type().code())
        .setOccurredAt(ProtoMapping.timestamp(event.occurredAt()))
        .setAccountId(event.account().accountId());
    switch (event.type()) {
      case VERIFICATION_CHANGED -> {
        var verification = published.verification().orElseThrow();
        var changed = VerificationChanged.newBuilder()
            .setStatus(ProtoMapping.status(verification))
            .setLevel(ProtoMapping.level(verification))
            .addAllCapabilities(ProtoMapping.capabilities(verification))
            .setAgeBand(ProtoMapping.ageBand(verification));
        ProtoMapping.phoneSource(verification).ifPresent(changed::setPhoneSource);
        webhook.setVerificationChanged(changed);
      }
      case BINDING_REVOKED -> webhook.setBindingRevoked(BindingRevoked.newBuilder()
          .setReason(event.reason().orElseThrow()));
      case ACCOUNT_CLOSED -> webhook.setAccountClosed(AccountClosed.getDefaultInstance());
    }
    return OutboxEvent.newBuilder()
        .setPosition(event.position())
        .setPlatformId(event.account().platformId())
        .setEvent(webhook)
        .build();
  }
}
