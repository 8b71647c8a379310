package org.idnet.webhooks.endpoints.domain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The event types a platform can subscribe to (webhook_events.proto). */
public final class EventTypes {

  public static final String VERIFICATION_CHANGED = "account.verification_changed";
  public static final String BINDING_REVOKED = "binding.revoked";
  public static final String ACCOUNT_CLOSED = "account.closed";
  public static final String NOTICE_AVAILABLE = "notice.available";
  public static final List<String> ALL = List.of(VERIFICATION_CHANGED, BINDING_REVOKED, ACCOUNT_CLOSED,
      NOTICE_AVAILABLE);

  private EventTypes() {
  }

  /** The types asked for, each once, in the order of {@link #ALL}; an unknown or missing one is refused. */
  public static List<String> parse(List<String> asked) {
    if (asked.isEmpty() || asked.size() > ALL.size()) {
      throw WebhookException.invalid(FailureReason.INVALID_EVENT_TYPE, "event_types",
          "event_types names 1-" + ALL.size() + " of " + String.join(", ", ALL));
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (int i = 0; i < asked.size(); i++) {
      if (!ALL.contains(asked.get(i)) || !wanted.add(asked.get(i))) {
        throw WebhookException.invalid(FailureReason.INVALID_EVENT_TYPE, "event_types[" + i + "]",
            "event_types[" + i + "] is not one of " + String.join(", ", ALL) + " (or is named twice)");
      }
    }
    return ALL.stream().filter(wanted::contains).toList();
  }
}
