package org.idnet.disclosure.events.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.idnet.disclosure.requests.store.SpringTransactions;
import org.idnet.disclosure.requests.store.TargetSealer;
import org.idnet.disclosure.support.DisclosureDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Schema version 11 on a database with disclosures: those already visible are marked announced and
 * never sent (a platform would otherwise get every past notice at once); one still confidential is
 * announced by the notice job once its date passes.
 */
class EventOutboxMigrationTest {

  @Test
  void disclosuresBeforeVersion11WhenVisibleThenNotAnnouncedAndWhenStillConfidentialThenAnnouncedAtTheirDate() {
    DisclosureDatabase db = DisclosureDatabase.empty();
    TargetSealer targets = DisclosureDatabase.newTargetSealer();
    db.flyway(targets).target("5").load().migrate();
    JdbcTemplate owner = new JdbcTemplate(db.owner());
    UUID open = disclosed(owner, "alice", null);
    UUID passed = disclosed(owner, "bob", "now() - interval '1 minute'");
    UUID confidential = disclosed(owner, "carol", "now() + interval '1 day'");

    db.flyway(targets).load().migrate();

    String announced = "SELECT notice_announced_at IS NOT NULL FROM disclosure_requests WHERE id = ?";
    assertThat(owner.queryForObject(announced, Boolean.class, open)).isTrue();
    assertThat(owner.queryForObject(announced, Boolean.class, passed)).isTrue();
    assertThat(owner.queryForObject(announced, Boolean.class, confidential)).isFalse();
    assertThat(owner.queryForObject("SELECT count(*) FROM event_outbox", Integer.class)).isZero();

    var outbox = new JdbcEventOutbox(db.app(), targets);
    var transactions = new SpringTransactions(new DataSourceTransactionManager(db.app()));
    assertThat(transactions.inTransaction(() -> outbox.announceDue(Instant.now(), 10))).isZero();
    assertThat(transactions.inTransaction(() -> outbox.announceDue(Instant.now().plus(Duration.ofDays(2)), 10)))
        .isEqualTo(1);
    assertThat(owner.queryForList("SELECT request_id FROM event_outbox", UUID.class)).containsExactly(confidential);
    assertThat(transactions.inTransaction(() -> outbox.oldest(10))).singleElement()
        .satisfies(e -> assertThat(e.accountId()).isEqualTo("carol"));
  }

  private static UUID disclosed(JdbcTemplate owner, String account, String confidentialUntil) {
    UUID id = UUID.randomUUID();
    owner.update("""
        INSERT INTO disclosure_requests (id, agency_id, requested_by, platform_id, account_id, legal_basis,
          case_reference, fields, justification, emergency, status, created_at, due_at, decided_by, decided_at,
          disclosed_at, package_expires_at, confidential_until)
        VALUES (?, 'agency-1', 'officer-1', 'platform-a', ?, 'VN-CYBERSEC-2018-ART26', 'HS-1', '{FULL_NAME}',
          'a justification', false, 'DISCLOSED', now() - interval '2 hours', now() + interval '70 hours',
          'supervisor-1', now() - interval '1 hour', now() - interval '1 hour', now() + interval '7 days', """
        + (confidentialUntil == null ? "NULL" : confidentialUntil) + ")", id, account);
    return id;
  }
}
