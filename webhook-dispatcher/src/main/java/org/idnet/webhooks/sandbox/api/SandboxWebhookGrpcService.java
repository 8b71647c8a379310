package org.idnet.webhooks.sandbox.api;

import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import org.idnet.sandbox.v1.ListWebhookDeliveriesRequest;
import org.idnet.sandbox.v1.ListWebhookDeliveriesResponse;
import org.idnet.sandbox.v1.SandboxWebhookServiceGrpc;
import org.idnet.sandbox.v1.WebhookDelivery;
import org.idnet.webhooks.sandbox.store.InMemoryAttemptLog;

/** Sandbox only: the webhook inbox ({@code GET /sandbox/webhooks}). */
public final class SandboxWebhookGrpcService extends SandboxWebhookServiceGrpc.SandboxWebhookServiceImplBase {

  private final InMemoryAttemptLog log;

  public SandboxWebhookGrpcService(InMemoryAttemptLog log) {
    this.log = log;
  }

  @Override
  public void listWebhookDeliveries(ListWebhookDeliveriesRequest request,
      StreamObserver<ListWebhookDeliveriesResponse> responses) {
    ListWebhookDeliveriesResponse.Builder answer = ListWebhookDeliveriesResponse.newBuilder();
    for (InMemoryAttemptLog.Attempt attempt : log.list(request.getType())) {
      answer.addDeliveries(WebhookDelivery.newBuilder()
          .setEndpointUrl(attempt.url())
          .setEventId(attempt.eventId())
          .setEventType(attempt.eventType())
          .setBody(attempt.body())
          .setAttemptedAt(Timestamp.newBuilder().setSeconds(attempt.at().getEpochSecond())
              .setNanos(attempt.at().getNano()))
          .setStatus(attempt.status())
          .setError(attempt.error()));
    }
    responses.onNext(answer.build());
    responses.onCompleted();
  }
}
