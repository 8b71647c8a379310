package org.idnet.disclosure.release.api;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.idnet.disclosure.release.domain.FiledRequest;
import org.idnet.disclosure.release.domain.GrantScope;
import org.idnet.disclosure.release.domain.IdentityField;

/** Grant scopes for the release adapters' tests: a request filed just now, with placeholder evidence. */
public final class TestScopes {

  private TestScopes() {
  }

  public static GrantScope scope(UUID requestId, String platformId, String accountId, Set<IdentityField> fields) {
    Instant filedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    FiledRequest filed = new FiledRequest(requestId, "agency-1", "officer-1", platformId, accountId,
        "VN-CPC-2015-ART88", List.copyOf(fields), "HS-2026/0042", false, filedAt, filedAt.plus(Duration.ofHours(72)));
    return new GrantScope(requestId, platformId, accountId, fields, filed, new ProtoRequestDigester().digest(filed),
        "filer.token.jwt", "approver.token.jwt");
  }
}
