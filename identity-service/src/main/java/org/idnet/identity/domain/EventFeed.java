package org.idnet.identity.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What webhook-dispatcher reads of the outbox and acknowledges. A verification_changed event
 * carries the account's standing as it reads when the event is read, straight from the store (the
 * cache may lag a change by its invalidation): one read per platform for all the events of a batch,
 * never one per event. So the outbox holds no standing, and an event read late tells the newest.
 */
public final class EventFeed {

  public static final int MAX_BATCH = 500;

  private final EventOutbox outbox;
  private final AccountStandings standings;
  private final AccountVerifier verifier;
  private final Clock clock;

  public EventFeed(EventOutbox outbox, AccountStandings standings, AccountVerifier verifier, Clock clock) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.standings = Objects.requireNonNull(standings, "standings");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param limit 1-500
   * @return the oldest events, oldest first
   * @throws IdentityException INVALID_COUNT for another limit, STORE_UNAVAILABLE
   */
  public List<PublishedEvent> read(int limit) {
    if (limit < 1 || limit > MAX_BATCH) {
      throw IdentityException.invalid(FailureReason.INVALID_COUNT, "limit", "limit must be 1-" + MAX_BATCH);
    }
    List<OutboxEvent> events = outbox.read(limit);
    Map<String, Set<String>> changed = new LinkedHashMap<>();
    for (OutboxEvent event : events) {
      if (event.type() == EventType.VERIFICATION_CHANGED) {
        changed.computeIfAbsent(event.account().platformId(), p -> new LinkedHashSet<>())
            .add(event.account().accountId());
      }
    }
    Instant now = clock.instant();
    Map<String, Map<String, AccountStanding>> read = new LinkedHashMap<>();
    changed.forEach((platform, accounts) -> read.put(platform, standings.read(platform, accounts, now)));
    List<PublishedEvent> published = new ArrayList<>(events.size());
    for (OutboxEvent event : events) {
      Optional<AccountVerification> verification = Optional.empty();
      if (event.type() == EventType.VERIFICATION_CHANGED) {
        AccountRef account = event.account();
        AccountStanding standing = read.get(account.platformId())
            .getOrDefault(account.accountId(), AccountStanding.UNKNOWN);
        verification = Optional.of(verifier.verification(account.accountId(), standing));
      }
      published.add(new PublishedEvent(event, verification));
    }
    return published;
  }

  /**
   * @param positions 1-500 positions of events read before; unknown ones are ignored
   * @throws IdentityException INVALID_COUNT for none or more than 500, STORE_UNAVAILABLE
   */
  public void acknowledge(List<Long> positions) {
    if (positions.isEmpty() || positions.size() > MAX_BATCH) {
      throw IdentityException.invalid(FailureReason.INVALID_COUNT, "positions",
          "positions must name 1-" + MAX_BATCH + " events");
    }
    outbox.acknowledge(positions);
  }
}
