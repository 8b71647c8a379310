package org.idnet.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * An OAuth2 client of the sandbox issuer, as api.md lists them. Each one's secret is
 * {@code <client-id>-secret}: development credentials, for the sandbox only.
 */
public record SandboxClient(String id, List<String> roles, String agencyId) {

  public static final List<SandboxClient> ALL = List.of(
      new SandboxClient("platform-a", List.of("platform"), null),
      new SandboxClient("platform-b", List.of("platform"), null),
      new SandboxClient("officer-1", List.of("agency-officer"), "agency-1"),
      new SandboxClient("officer-2", List.of("agency-officer"), "agency-1"),
      new SandboxClient("officer-3", List.of("agency-officer"), "agency-2"),
      new SandboxClient("supervisor-1", List.of("agency-supervisor"), "agency-1"),
      new SandboxClient("supervisor-2", List.of("agency-supervisor"), "agency-2"),
      new SandboxClient("carrier-1", List.of("carrier"), null),
      new SandboxClient("auditor-1", List.of("auditor"), null));

  public String secret() {
    return id + "-secret";
  }

  public static Optional<SandboxClient> byId(String id) {
    return ALL.stream().filter(c -> c.id().equals(id)).findFirst();
  }
}
