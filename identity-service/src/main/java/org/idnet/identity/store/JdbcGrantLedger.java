package org.idnet.identity.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.idnet.identity.domain.ApprovalEvidence;
import org.idnet.identity.domain.GrantLedger;
import org.idnet.identity.domain.GrantRefusal;
import org.idnet.identity.domain.GrantUse;
import org.idnet.identity.domain.PhoneSource;
import org.idnet.identity.domain.RefusedGrant;
import org.idnet.identity.domain.ReleasedIdentity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The release ledger in PostgreSQL: grant uses ({@code V3__disclosure_grant_replay.sql}), one
 * release per request ({@code V4__four_eyes_evidence.sql}) and one request per approving token
 * ({@code V7__approval_evidence_spent_once.sql}). Everything runs in one transaction of the
 * service's {@link DataSource}, which the stores that read join: the rows commit only with a
 * release that succeeded. Transaction-scoped advisory locks make concurrent grants for one request,
 * and two requests racing for one token, run one after the other (the second waits for the first
 * to commit, then sees its rows), on any replica, whatever its blind-index key. The release row holds
 * keyed hashes (the blind-index key) of the scope and of the values released, never the values; a
 * spent token, a keyed hash of its signing input.
 */
public final class JdbcGrantLedger implements GrantLedger {

  /**
   * How long a grant-use row outlives its grant. Far beyond the clock skew identity-service allows
   * after expiry: once a row is gone, the expiry check alone refuses the grant.
   */
  static final Duration RETENTION = Duration.ofDays(1);
  static final String APPROVAL_EVIDENCE = "approval-evidence";

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final BiFunction<String, String, byte[]> keyedHash;
  private final BiFunction<String, String, List<byte[]>> keyedHashes;

  /** @param keyedHash (purpose, value) to a keyed hash: the blind index, under a key that does not rotate */
  public JdbcGrantLedger(DataSource dataSource, PlatformTransactionManager transactionManager,
      BiFunction<String, String, byte[]> keyedHash) {
    this(dataSource, transactionManager, keyedHash, (purpose, value) -> List.of(keyedHash.apply(purpose, value)));
  }

  /**
   * @param keyedHash (purpose, value) to the blind index under the primary key: what new rows hold
   * @param keyedHashes the same under every key of the keyset: a token spent before the blind-index
   *     key rotated is still found (spent rows are append-only, so never re-indexed)
   */
  public JdbcGrantLedger(DataSource dataSource, PlatformTransactionManager transactionManager,
      BiFunction<String, String, byte[]> keyedHash, BiFunction<String, String, List<byte[]>> keyedHashes) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
    this.keyedHash = keyedHash;
    this.keyedHashes = keyedHashes;
  }

  @Override
  public ReleasedIdentity release(GrantUse use, ApprovalEvidence approval, String scope,
      Supplier<ReleasedIdentity> read) {
    return StoreErrors.translate(() -> {
      purge(use);
      return transactions.execute(status -> {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(lockKey(use)).query((rs, row) -> 1).list();
        int recorded = jdbc.sql("""
                INSERT INTO disclosure_grant_replay (grant_id, request_id, released_at, expires_at)
                VALUES (?, ?, ?, ?) ON CONFLICT (grant_id) DO NOTHING""")
            .param(use.grantId())
            .param(use.requestId())
            .param(AccountRows.utc(use.releasedAt().truncatedTo(ChronoUnit.MICROS)))
            .param(AccountRows.utc(use.expiresAt().truncatedTo(ChronoUnit.MICROS)))
            .update();
        if (recorded == 0) {
          throw new RefusedGrant(GrantRefusal.REPLAYED);
        }
        spend(approval, use);
        Optional<byte[][]> earlier = jdbc.sql(
                "SELECT scope_hash, answer_hash FROM disclosure_releases WHERE request_id = ?")
            .param(use.requestId())
            .query((rs, row) -> new byte[][] {rs.getBytes(1), rs.getBytes(2)})
            .optional();
        byte[] scopeHash = keyedHash.apply("release-scope", scope);
        ReleasedIdentity answer = read.get();
        byte[] answerHash = keyedHash.apply("release-answer", canonical(answer));
        if (earlier.isEmpty()) {
          jdbc.sql("""
                  INSERT INTO disclosure_releases (request_id, grant_id, scope_hash, answer_hash, released_at)
                  VALUES (?, ?, ?, ?, ?)""")
              .param(use.requestId())
              .param(use.grantId())
              .param(scopeHash)
              .param(answerHash)
              .param(AccountRows.utc(use.releasedAt().truncatedTo(ChronoUnit.MICROS)))
              .update();
        } else if (!MessageDigest.isEqual(earlier.get()[0], scopeHash)
            || !MessageDigest.isEqual(earlier.get()[1], answerHash)) {
          throw new RefusedGrant(GrantRefusal.RETRY_DIFFERS);
        }
        return answer;
      });
    });
  }

  /**
   * Spends the approval on this request (a second spend for the same request writes nothing) and
   * refuses if a row, under any key of the blind-index keyset, names another request. Rolls back
   * with a release that fails: only a release that happened spends a token.
   */
  private void spend(ApprovalEvidence approval, GrantUse use) {
    // Two requests racing for one token meet here. The primary key alone does not make them: two
    // replicas whose blind-index primaries differ (mid-rotation) insert different hashes, and neither
    // sees the other's uncommitted row. The lock key is an unkeyed hash, the same on every replica.
    jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(tokenLockKey(approval)).query((rs, row) -> 1).list();
    jdbc.sql("""
            INSERT INTO approval_evidence_spent (evidence_hash, request_id, spent_at)
            VALUES (?, ?, ?) ON CONFLICT (evidence_hash) DO NOTHING""")
        .param(keyedHash.apply(APPROVAL_EVIDENCE, approval.signingInput()))
        .param(use.requestId())
        .param(AccountRows.utc(use.releasedAt().truncatedTo(ChronoUnit.MICROS)))
        .update();
    List<UUID> spentOn = jdbc.sql("SELECT request_id FROM approval_evidence_spent WHERE evidence_hash = ANY (?)")
        .param(keyedHashes.apply(APPROVAL_EVIDENCE, approval.signingInput()).toArray(byte[][]::new))
        .query(UUID.class)
        .list();
    if (spentOn.stream().anyMatch(requestId -> !requestId.equals(use.requestId()))) {
      throw new RefusedGrant(GrantRefusal.EVIDENCE_REUSED);
    }
  }

  /**
   * Length-prefixed, so no two different answers share a form; absent values differ from empty ones.
   *
   * <p>The phone number's source (bulk imports) came after releases were recorded, and a retry
   * compares against a hash stored back then, so the form keeps the four values exactly as before and
   * adds the source only where it adds something. Deliberately:
   * <ul>
   *   <li>an OTP-proven number adds nothing: before imports every binding was proven by an OTP, so a
   *       release recorded before the label existed, retried now and read as OTP, compares equal and
   *       is answered (now with its label, which it always had in fact);</li>
   *   <li>an imported number adds a fifth entry, {@code imported:<platform's verified_at>}: a retry
   *       that finds the same number now imported (an OTP binding revoked and the number imported
   *       since), or imported under another date, is refused (retry-differs), never answered with a
   *       label other than the first release's. A release of an imported number recorded by a build
   *       without the label (only ever on the unreleased imports branch) is refused the same way on
   *       retry: refusing is the safe side, and the agency may file again.</li>
   * </ul>
   * The fifth entry cannot be confused with the first four: those are always exactly four,
   * length-prefixed or "-".
   */
  static String canonical(ReleasedIdentity answer) {
    StringBuilder out = new StringBuilder();
    for (String value : new String[] {answer.fullName(), answer.nationalId(), answer.dateOfBirth(),
        answer.phoneNumber()}) {
      out.append(value == null ? "-" : value.getBytes(StandardCharsets.UTF_8).length + ":" + value).append('|');
    }
    if (answer.phoneSource() == PhoneSource.IMPORTED) {
      out.append("imported:").append(answer.phonePlatformVerifiedAt()).append('|');
    }
    return out.toString();
  }

  private static long lockKey(GrantUse use) {
    return use.requestId().getMostSignificantBits() ^ use.requestId().getLeastSignificantBits();
  }

  /** 64 bits of SHA-256 over the token's signing input: a lock name, held for a transaction, never stored. */
  private static long tokenLockKey(ApprovalEvidence approval) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(approval.signingInput().getBytes(StandardCharsets.US_ASCII));
      return java.nio.ByteBuffer.wrap(digest).getLong();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Old grant-use rows go on each release rather than on a schedule: releases are rare, any replica
   * may do it, and the statement is cheap on the expiry index. Release rows stay: they are the record.
   */
  private void purge(GrantUse use) {
    jdbc.sql("DELETE FROM disclosure_grant_replay WHERE expires_at < ?")
        .param(AccountRows.utc(use.releasedAt().minus(RETENTION)))
        .update();
  }
}
