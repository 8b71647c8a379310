package org.idnet.disclosure.audit.domain;

import java.util.Objects;
import java.util.UUID;

/**
 * What happened, to which request, by whom: everything an entry says besides its place in the
 * chain. No personal data: the actor is an official's subject (or {@code system}), never a citizen.
 *
 * @param actor subject of the official, or {@link #SYSTEM} for scheduled transitions
 */
public record AuditEvent(AuditEventType type, String actor, String agencyId, UUID requestId) {

  public static final String SYSTEM = "system";

  public AuditEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(agencyId, "agencyId");
    Objects.requireNonNull(requestId, "requestId");
  }
}
