package org.idnet.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.idnet.faults.Stores;

/**
 * The invariants of domain.md and quality.md, read in PostgreSQL (the system of record) as its
 * superuser: nothing half-written, no limit or uniqueness broken.
 */
final class Consistency {

  /** identity-service's default: a person holds at most this many accounts on one platform. */
  static final int MAX_ACCOUNTS_PER_PERSON_PER_PLATFORM = 5;

  private Consistency() {
  }

  /**
   * A disclosure request and its audit entries were written together (quality.md: both or
   * neither): each request has exactly one REQUEST_CREATED entry and the entries its status
   * implies, no entry names a request that does not exist, a disclosed request has its package (or
   * the entry that says it was deleted).
   */
  static void disclosureWrittenWhole(Stores stores) {
    List<List<String>> orphans = stores.query("disclosure", """
        SELECT DISTINCT a.request_id FROM audit_entries a
        LEFT JOIN disclosure_requests r ON r.id = a.request_id WHERE r.id IS NULL""");
    assertThat(orphans).as("audit entries of requests that do not exist").isEmpty();
    List<List<String>> broken = stores.query("disclosure", """
        SELECT r.id, r.status, c.created, c.approved, c.rejected, c.disclosed, c.package_deleted,
               (SELECT count(*) FROM disclosure_packages p WHERE p.request_id = r.id) AS packages
        FROM disclosure_requests r
        CROSS JOIN LATERAL (SELECT
            count(*) FILTER (WHERE a.type = 'REQUEST_CREATED') AS created,
            count(*) FILTER (WHERE a.type = 'REQUEST_APPROVED') AS approved,
            count(*) FILTER (WHERE a.type = 'REQUEST_REJECTED') AS rejected,
            count(*) FILTER (WHERE a.type = 'REQUEST_DISCLOSED') AS disclosed,
            count(*) FILTER (WHERE a.type = 'PACKAGE_DELETED') AS package_deleted
          FROM audit_entries a WHERE a.request_id = r.id) c
        WHERE c.created <> 1
           OR (r.status IN ('APPROVED', 'DISCLOSED', 'NOT_FOUND_AT_SOURCE', 'RELEASE_REFUSED') AND c.approved <> 1)
           OR (r.status NOT IN ('APPROVED', 'DISCLOSED', 'NOT_FOUND_AT_SOURCE', 'RELEASE_REFUSED') AND c.approved <> 0)
           OR (r.status = 'REJECTED') <> (c.rejected = 1)
           OR c.rejected > 1
           OR (r.status = 'DISCLOSED') <> (c.disclosed = 1)
           OR c.disclosed > 1
           OR (r.status = 'DISCLOSED' AND c.package_deleted = 0
               AND (SELECT count(*) FROM disclosure_packages p WHERE p.request_id = r.id) <> 1)""");
    assertThat(broken).as("requests whose state and audit entries disagree "
        + "(id, status, created, approved, rejected, disclosed, package deleted, packages)").isEmpty();
  }

  /** Every release identity-service recorded is a disclosed request, never one left approved or refused. */
  static void releasesMatchDisclosures(Stores stores) {
    List<List<String>> released = stores.query("identity", "SELECT request_id::text FROM disclosure_releases");
    for (List<String> row : released) {
      List<List<String>> status = stores.query("disclosure",
          "SELECT status FROM disclosure_requests WHERE id = ?::uuid", row.getFirst());
      assertThat(status).as("request %s released by identity-service", row.getFirst())
          .containsExactly(List.of("DISCLOSED"));
    }
  }

  /** Accounts, bindings and persons: the unique and limit rules of domain.md hold in the rows. */
  static void identityInvariantsHold(Stores stores) {
    assertThat(stores.query("identity", """
        SELECT account FROM phone_bindings WHERE revoked_at IS NULL GROUP BY account HAVING count(*) > 1"""))
        .as("accounts with more than one active phone binding").isEmpty();
    assertThat(stores.query("identity", """
        SELECT verification_id FROM phone_bindings GROUP BY verification_id HAVING count(*) > 1"""))
        .as("verifications that bound twice").isEmpty();
    assertThat(stores.query("identity", """
        SELECT account FROM person_bindings WHERE ended_at IS NULL GROUP BY account HAVING count(*) > 1"""))
        .as("accounts linked to more than one person").isEmpty();
    assertThat(stores.query("identity", """
        SELECT person, platform_id FROM person_bindings WHERE ended_at IS NULL
        GROUP BY person, platform_id HAVING count(*) > ?""", MAX_ACCOUNTS_PER_PERSON_PER_PLATFORM))
        .as("persons over the account limit of a platform").isEmpty();
    assertThat(stores.query("identity", """
        SELECT citizen_id_blind_index FROM persons GROUP BY citizen_id_blind_index HAVING count(*) > 1"""))
        .as("citizens recorded twice").isEmpty();
    assertThat(stores.query("identity", """
        SELECT b.id FROM person_bindings b LEFT JOIN persons p ON p.id = b.person WHERE p.id IS NULL"""))
        .as("person links without their person").isEmpty();
  }
}
