package org.idnet.disclosure.requests.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.idnet.audit.verifier.Verification;
import org.idnet.disclosure.audit.AuditFixture;
import org.idnet.disclosure.audit.domain.AuditCheckpointIssuer;
import org.idnet.disclosure.audit.domain.AuditEvent;
import org.idnet.disclosure.audit.domain.AuditEventType;
import org.idnet.disclosure.audit.domain.AuditLogVerifier;
import org.idnet.disclosure.audit.store.JdbcAuditCheckpoints;
import org.idnet.disclosure.audit.store.JdbcAuditHistory;
import org.idnet.disclosure.audit.store.JdbcAuditLog;
import org.idnet.disclosure.audit.store.TinkCheckpointSigner;
import org.idnet.disclosure.reports.store.JdbcNoticeStore;
import org.idnet.disclosure.requests.domain.RequestTarget;
import org.idnet.disclosure.support.DisclosureDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Schema version 7 converts the requests a database already holds: officials still read the target,
 * notices still find it, nothing plain is left, and the audit log (which never held an account id)
 * still verifies against the checkpoint signed before.
 */
class RequestTargetsMigrationTest {

  static final String ALICE = "alice@example.com";

  @Test
  void requestsFiledBeforeVersion7AreFoundByTheirBlindIndexAndTheAuditLogStillVerifies() {
    DisclosureDatabase db = DisclosureDatabase.empty();
    TargetSealer targets = DisclosureDatabase.newTargetSealer();
    db.flyway(targets).target("5").load().migrate();
    JdbcTemplate owner = new JdbcTemplate(db.owner());
    UUID id = UUID.randomUUID();
    owner.update("""
        INSERT INTO disclosure_requests (id, agency_id, requested_by, platform_id, account_id, legal_basis,
          case_reference, fields, justification, emergency, status, created_at, due_at, decided_by, decided_at,
          disclosed_at, package_expires_at)
        VALUES (?, 'agency-1', 'officer-1', 'platform-a', ?, 'VN-CYBERSEC-2018-ART26', 'HS-1', '{FULL_NAME}',
          'a justification', false, 'DISCLOSED', now() - interval '2 hours', now() + interval '70 hours',
          'supervisor-1', now() - interval '1 hour', now() - interval '1 hour', now() + interval '7 days')""",
        id, ALICE);
    var transactions = new DataSourceTransactionManager(db.app());
    var audit = new JdbcAuditLog(db.app(), Clock.systemUTC());
    new TransactionTemplate(transactions).executeWithoutResult(status -> {
      audit.append(new AuditEvent(AuditEventType.REQUEST_CREATED, "officer-1", "agency-1", id));
      audit.append(new AuditEvent(AuditEventType.REQUEST_DISCLOSED, "supervisor-1", "agency-1", id));
    });
    var history = new JdbcAuditHistory(db.app(), transactions);
    var checkpoints = new JdbcAuditCheckpoints(db.app(), transactions);
    var signer = new TinkCheckpointSigner(AuditFixture.newSigningKeyset(), Clock.systemUTC());
    new AuditCheckpointIssuer(history, checkpoints, signer).issueNow();

    db.flyway(targets).load().migrate();

    assertThat(new JdbcRequestStore(db.app(), targets).find(id, false))
        .hasValueSatisfying(r -> assertThat(r.target()).isEqualTo(new RequestTarget("platform-a", ALICE)));
    assertThat(new JdbcNoticeStore(db.app(), targets).noticesOf("platform-a", ALICE, Instant.now())).hasSize(1);
    assertThat(new JdbcNoticeStore(db.app(), targets).noticesOf("platform-b", ALICE, Instant.now())).isEmpty();
    Verification verdict = new AuditLogVerifier(history, checkpoints, signer.signatures()).verify();
    assertThat(verdict.valid()).as("%s", verdict.problem()).isTrue();
    assertThat(verdict.size()).isEqualTo(2);
    assertThat(owner.queryForObject("""
        SELECT count(*) FROM information_schema.columns
        WHERE table_name = 'disclosure_requests' AND column_name = 'account_id'""", Integer.class)).isZero();
    assertThat(owner.queryForList("SELECT row_to_json(r)::text FROM disclosure_requests r", String.class))
        .hasSize(1).noneMatch(row -> row.contains(ALICE) || row.contains("alice"));
  }
}
