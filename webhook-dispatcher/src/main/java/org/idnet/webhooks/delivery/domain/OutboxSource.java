package org.idnet.webhooks.delivery.domain;

import java.util.List;

/** One service's outbox (adapter: GrpcOutboxSource, over mutual TLS). */
public interface OutboxSource {

  /** {@code identity} or {@code disclosure}: the events' source in this dispatcher's store. */
  String name();

  /** The oldest events, at most {@code limit}, in the order they were written. */
  List<OutboxEvent> read(int limit);

  /** Lets the service forget events this dispatcher has stored. */
  void acknowledge(List<Long> positions);
}
