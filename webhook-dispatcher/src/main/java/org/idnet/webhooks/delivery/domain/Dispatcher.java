package org.idnet.webhooks.delivery.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends claimed deliveries: signs the body, posts it within the endpoint's timeout (the sender
 * checks the target again: its host resolved now, every address public, the connection to the
 * address checked),
 * and records the outcome: delivered on any 2xx; otherwise tried again after the schedule's next
 * wait, and after the last the delivery is given up and its endpoint disabled with the reason.
 */
public final class Dispatcher {

  private final DeliveryQueue queue;
  private final WebhookSender sender;
  private final RetrySchedule schedule;
  private final Duration leaseMargin;
  private final DeliveryMeter meter;
  private final AttemptLog attempts;
  private final Clock clock;

  public Dispatcher(DeliveryQueue queue, WebhookSender sender, RetrySchedule schedule,
      Duration leaseMargin, DeliveryMeter meter, AttemptLog attempts, Clock clock) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.leaseMargin = Objects.requireNonNull(leaseMargin, "leaseMargin");
    this.meter = Objects.requireNonNull(meter, "meter");
    this.attempts = Objects.requireNonNull(attempts, "attempts");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Leases up to {@code max} due deliveries (see {@link DeliveryQueue#claim}). */
  public List<ClaimedDelivery> claim(int max) {
    return queue.claim(max, leaseMargin, clock.instant());
  }

  /** One attempt of a claimed delivery, its outcome recorded. */
  public SendResult deliver(ClaimedDelivery delivery) {
    Instant now = clock.instant();
    byte[] body = delivery.body();
    SendResult result = sender.send(delivery.url(), StandardWebhookSignature.headers(delivery.eventId(),
        now.getEpochSecond(), body, delivery.secrets()), body, Duration.ofSeconds(delivery.timeoutSeconds()));
    attempts.record(delivery.url(), delivery.eventId(), delivery.eventType(), delivery.body(), now, result);
    record(delivery, result);
    return result;
  }

  private void record(ClaimedDelivery delivery, SendResult result) {
    Instant now = clock.instant();
    if (result.delivered()) {
      queue.delivered(delivery.id(), delivery.attempt(), result.status(), now);
      meter.attempt("delivered");
      return;
    }
    Optional<Duration> wait = schedule.after(delivery.attempt());
    if (wait.isPresent()) {
      queue.retry(delivery.id(), delivery.attempt(), result.status(), result.error(), now.plus(wait.get()));
      meter.attempt("retried");
    } else {
      queue.giveUp(delivery.id(), delivery.attempt(), result.status(), result.error(), "a delivery failed for " + human(schedule.span())
          + " (" + schedule.attempts() + " attempts), the last: " + result.error(), now);
      meter.attempt("given-up");
      meter.endpointDisabled();
    }
  }

  private static String human(Duration span) {
    return span.toHours() >= 1 ? span.toHours() + " h" : span.toMinutes() >= 1 ? span.toMinutes() + " min"
        : span.toSeconds() + " s";
  }
}
