package org.idnet.webhooks.sandbox.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.idnet.webhooks.delivery.domain.AttemptLog;
import org.idnet.webhooks.delivery.domain.SendResult;

/** The sandbox's webhook inbox: the last 1000 attempts, in memory (sandbox data only). */
public final class InMemoryAttemptLog implements AttemptLog {

  static final int CAPACITY = 1000;
  private final Deque<Attempt> attempts = new ArrayDeque<>();

  @Override
  public synchronized void record(String url, String eventId, String eventType, byte[] body, Instant at,
      SendResult result) {
    if (attempts.size() == CAPACITY) {
      attempts.removeLast();
    }
    attempts.addFirst(new Attempt(url, eventId, eventType, new String(body, StandardCharsets.UTF_8), at,
        result.status(), result.error()));
  }

  /** Newest first; only {@code type} when not empty. */
  public synchronized List<Attempt> list(String type) {
    List<Attempt> found = new ArrayList<>();
    for (Attempt attempt : attempts) {
      if (type.isEmpty() || attempt.eventType().equals(type)) {
        found.add(attempt);
      }
    }
    return found;
  }

  public record Attempt(String url, String eventId, String eventType, String body, Instant at, int status,
      String error) {
  }
}
