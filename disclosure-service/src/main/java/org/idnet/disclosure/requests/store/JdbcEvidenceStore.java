package org.idnet.disclosure.requests.store;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.idnet.disclosure.requests.domain.EvidenceRole;
import org.idnet.disclosure.requests.domain.EvidenceStore;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The officials' tokens kept with their request ({@code V6__four_eyes_evidence.sql}), encrypted
 * with the service's package AEAD (AES-256-GCM): a bearer token in a dump is still a credential
 * for the rest of its life. The associated data names the request and the role, so a token moved
 * to another request, or from the filer's column to the approver's, does not open.
 */
public final class JdbcEvidenceStore implements EvidenceStore {

  private static final String ASSOCIATED_DATA = "idnet-disclosure|evidence|";

  private final JdbcClient jdbc;
  private final Aead aead;

  public JdbcEvidenceStore(DataSource dataSource, Aead aead) {
    this.jdbc = JdbcClient.create(dataSource);
    this.aead = aead;
  }

  @Override
  public void keep(UUID requestId, EvidenceRole role, String token) {
    byte[] sealed;
    try {
      sealed = aead.encrypt(token.getBytes(StandardCharsets.UTF_8), associatedData(requestId, role));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not seal the evidence of request " + requestId, e);
    }
    int rows = jdbc.sql("UPDATE disclosure_requests SET " + column(role) + " = ? WHERE id = ?")
        .param(sealed).param(requestId).update();
    if (rows != 1) {
      throw new IllegalStateException("no request " + requestId + " to keep evidence with");
    }
  }

  @Override
  public Optional<String> find(UUID requestId, EvidenceRole role) {
    return jdbc.sql("SELECT " + column(role) + " FROM disclosure_requests WHERE id = ?")
        .param(requestId)
        .query((rs, row) -> Optional.ofNullable(rs.getBytes(1)))
        .optional().flatMap(sealed -> sealed)
        .map(sealed -> open(requestId, role, sealed));
  }

  private String open(UUID requestId, EvidenceRole role, byte[] sealed) {
    try {
      return new String(aead.decrypt(sealed, associatedData(requestId, role)), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the evidence of request " + requestId + " does not open", e);
    }
  }

  private static String column(EvidenceRole role) {
    return switch (role) {
      case FILER -> "filer_evidence";
      case APPROVER -> "approver_evidence";
    };
  }

  private static byte[] associatedData(UUID requestId, EvidenceRole role) {
    return (ASSOCIATED_DATA + role.name().toLowerCase(java.util.Locale.ROOT) + "|" + requestId)
        .getBytes(StandardCharsets.UTF_8);
  }
}
