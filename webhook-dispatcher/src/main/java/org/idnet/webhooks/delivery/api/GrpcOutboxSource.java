package org.idnet.webhooks.delivery.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.idnet.outbox.v1.AcknowledgeEventsRequest;
import org.idnet.outbox.v1.EventOutboxServiceGrpc;
import org.idnet.outbox.v1.ReadEventsRequest;
import org.idnet.webhooks.delivery.domain.OutboxEvent;
import org.idnet.webhooks.endpoints.domain.EventTypes;
import org.idnet.webhooks.v1.WebhookEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's outbox over its gRPC EventOutboxService (mutual TLS; the service lets only
 * {@code spiffe://idnet/webhook-dispatcher} call it). Each event becomes the JSON body platforms
 * receive (the proto3 JSON mapping of WebhookEvent). An event that does not make sense (an id that
 * is not a UUID, an unknown type, no account, data of another type) is a bug of its service: it is
 * skipped, counted in the log by type, and acknowledged, so it cannot block the outbox.
 */
public final class GrpcOutboxSource implements org.idnet.webhooks.delivery.domain.OutboxSource {

  private static final Logger log = LoggerFactory.getLogger(GrpcOutboxSource.class);
  private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

  private final String name;
  private final EventOutboxServiceGrpc.EventOutboxServiceBlockingStub outbox;
  private final Duration deadline;

  public GrpcOutboxSource(String name, Channel channel, Duration deadline) {
    this.name = name;
    this.outbox = EventOutboxServiceGrpc.newBlockingStub(channel);
    this.deadline = deadline;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<OutboxEvent> read(int limit) {
    var response = outbox.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .readEvents(ReadEventsRequest.newBuilder().setLimit(limit).build());
    List<OutboxEvent> events = new ArrayList<>(response.getEventsCount());
    for (var event : response.getEventsList()) {
      WebhookEvent body = event.getEvent();
      if (!wellFormed(event.getPlatformId(), body)) {
        log.error("{} outbox: skipped a malformed {} event at position {}", name, body.getType(), event.getPosition());
        events.add(new OutboxEvent(event.getPosition(), "", "", "", "", new byte[0], java.time.Instant.now()));
        continue;
      }
      events.add(new OutboxEvent(event.getPosition(), event.getPlatformId(), body.getId(), body.getType(),
          body.getAccountId(), json(body), java.time.Instant.ofEpochSecond(body.getOccurredAt().getSeconds(),
          body.getOccurredAt().getNanos())));
    }
    return events;
  }

  @Override
  public void acknowledge(List<Long> positions) {
    outbox.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .acknowledgeEvents(AcknowledgeEventsRequest.newBuilder().addAllPositions(positions).build());
  }

  static boolean wellFormed(String platformId, WebhookEvent event) {
    if (platformId.isEmpty() || event.getAccountId().isEmpty() || !EventTypes.ALL.contains(event.getType())) {
      return false;
    }
    try {
      if (!UUID.fromString(event.getId()).toString().equals(event.getId())) {
        return false;
      }
    } catch (IllegalArgumentException e) {
      return false;
    }
    return switch (event.getType()) {
      case EventTypes.VERIFICATION_CHANGED -> event.hasVerificationChanged();
      case EventTypes.BINDING_REVOKED -> event.hasBindingRevoked();
      case EventTypes.ACCOUNT_CLOSED -> event.hasAccountClosed();
      case EventTypes.NOTICE_AVAILABLE -> event.hasNoticeAvailable();
      default -> false;
    };
  }

  static byte[] json(WebhookEvent event) {
    try {
      return JSON.print(event).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a WebhookEvent always prints as JSON", e);
    }
  }
}
