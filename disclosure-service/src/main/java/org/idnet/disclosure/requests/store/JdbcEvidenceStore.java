package org.idnet.disclosure.requests.store;

import com.google.crypto.tink.Aead;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.idnet.disclosure.requests.domain.DisclosureException;
import org.idnet.disclosure.requests.domain.EvidenceRole;
import org.idnet.disclosure.requests.domain.EvidenceStore;
import org.idnet.disclosure.requests.domain.Refusal;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The officials' tokens kept with their request ({@code V6__four_eyes_evidence.sql}), encrypted
 * with the service's package AEAD (AES-256-GCM): a bearer token in a dump is still a credential
 * for the rest of its life. The associated data names the request and the role, so a token moved
 * to another request, or from the filer's column to the approver's, does not open.
 *
 * <p>An approver's token approves one request ({@code V8__approval_token_once.sql}): a unique
 * SHA-256 of its signing input refuses a second approval with it in the approval's transaction.
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
    int rows;
    try {
      rows = role == EvidenceRole.APPROVER
          ? jdbc.sql("UPDATE disclosure_requests SET approver_evidence = ?, approval_token_hash = ? WHERE id = ?")
              .param(sealed).param(approvalTokenHash(token)).param(requestId).update()
          : jdbc.sql("UPDATE disclosure_requests SET filer_evidence = ? WHERE id = ?")
              .param(sealed).param(requestId).update();
    } catch (DuplicateKeyException reused) {
      throw DisclosureException.of(Refusal.EVIDENCE_REUSED,
          "this access token already approved another request; approve each request with a fresh token");
    }
    if (rows != 1) {
      throw new IllegalStateException("no request " + requestId + " to keep evidence with");
    }
  }

  /**
   * SHA-256 (hex) of the token's JWS signing input as the JWT library reads it (it trims the string
   * and decodes the signature leniently, so other strings of the same token verify too): what
   * identity-service keys a spent approval by, under its own key.
   */
  static String approvalTokenHash(String token) {
    try {
      byte[] signingInput = SignedJWT.parse(token).getSigningInput();
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(signingInput));
    } catch (ParseException e) {
      // The evidence interceptor verified the token before this call: not a JWT here is a bug.
      throw new IllegalStateException("the approver's evidence is not a signed JWT");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
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
