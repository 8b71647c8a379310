package org.idnet.webhooks.delivery.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Moves events from one service's outbox into this dispatcher's store: read, store with their
 * deliveries (one transaction, as the only reader of that source among the replicas), then
 * acknowledge. A reader that dies after storing and before acknowledging leaves the events in the
 * outbox; the next read finds them stored already and adds nothing, so no event is lost and none
 * gets a second delivery to an endpoint.
 */
public final class OutboxReader {

  private final OutboxSource source;
  private final EventIntake intake;
  private final int batch;
  private final DeliveryMeter meter;
  private final Clock clock;

  public OutboxReader(OutboxSource source, EventIntake intake, int batch, DeliveryMeter meter, Clock clock) {
    this.source = Objects.requireNonNull(source, "source");
    this.intake = Objects.requireNonNull(intake, "intake");
    this.batch = batch;
    this.meter = Objects.requireNonNull(meter, "meter");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public String source() {
    return source.name();
  }

  /** @return events moved (0 also when another replica was reading this source) */
  public int readOnce() {
    Optional<List<OutboxEvent>> stored = intake.exclusively(source.name(), () -> {
      List<OutboxEvent> events = source.read(batch);
      intake.store(source.name(), events, clock.instant());
      return events;
    });
    if (stored.isEmpty()) {
      // Another replica is reading it right now: the outbox is not behind for want of a reader.
      meter.sourceRead(source.name(), clock.instant(), clock.instant());
      return 0;
    }
    List<OutboxEvent> events = stored.get();
    if (!events.isEmpty()) {
      source.acknowledge(events.stream().map(OutboxEvent::position).toList());
    }
    Instant now = clock.instant();
    meter.sourceRead(source.name(), now, events.stream().map(OutboxEvent::occurredAt).min(Instant::compareTo)
        .orElse(now));
    return events.size();
  }

  /** Whether a read got a full batch, so there may be more right now. */
  public boolean wasFull(int read) {
    return read >= batch;
  }
}
