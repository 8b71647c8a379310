package org.idnet.disclosure.requests;

import java.util.Set;
import java.util.UUID;
import org.idnet.caller.Caller;

/** A fresh agency with two officers and two supervisors, so tests never see each other's requests. */
public record Agency(String id, Caller officer1, Caller officer2, Caller supervisor1, Caller supervisor2) {

  public static Agency fresh() {
    String id = "agency-" + UUID.randomUUID().toString().substring(0, 8);
    return new Agency(id, staff(id, "officer-1", "agency-officer"), staff(id, "officer-2", "agency-officer"),
        staff(id, "supervisor-1", "agency-supervisor"), staff(id, "supervisor-2", "agency-supervisor"));
  }

  /** Someone holding both roles: able to file, and tempted to approve their own request. */
  public Caller officerAndSupervisor() {
    return new Caller(id + "-chief", id + "-chief", id, Set.of("agency-officer", "agency-supervisor"));
  }

  private static Caller staff(String agency, String name, String role) {
    String subject = agency + "-" + name;
    return new Caller(subject, subject, agency, Set.of(role));
  }
}
