package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.identity.store.StoreFixture.AGES;
import static org.idnet.identity.store.StoreFixture.NOW;
import static org.idnet.identity.store.StoreFixture.inParallel;
import static org.idnet.identity.store.StoreFixture.unique;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.PersonIdentity;
import org.idnet.identity.domain.PersonLink;
import org.idnet.identity.domain.RealNameOutcome;
import org.idnet.identity.store.SyntheticPopulation.Citizen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Parallel registrations keep the invariants: one person per citizen id, the account limit, one person per account. */
class ConcurrentRealNameTest {

  static final int THREADS = 8;
  static StoreFixture db;

  @BeforeAll
  static void start() {
    db = new StoreFixture("identity_concurrent_real_name");
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  static PersonLink link(String account, Citizen citizen, int maxAccounts) {
    return new PersonLink(new AccountRef("platform-a", account),
        new PersonIdentity(citizen.nationalId(), citizen.fullName(), citizen.dateOfBirth()),
        AGES.turns16In(citizen.dateOfBirth(), AGES.today(NOW)), Optional.empty(), maxAccounts);
  }

  @Test
  void parallelFirstRegistrationsOfOnePersonCreateOnePersonAndRespectTheLimit() throws Exception {
    Citizen citizen = TestCitizens.bornIn(1981);
    List<Callable<String>> registrations = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      String account = unique("same-person");
      registrations.add(() -> db.persons.link(link(account, citizen, 3), NOW).getClass().getSimpleName());
    }

    List<String> outcomes = inParallel(registrations);

    assertThat(outcomes).filteredOn("Linked"::equals).hasSize(3);
    assertThat(outcomes).filteredOn("LimitReached"::equals).hasSize(THREADS - 3);
    assertThat(db.count("SELECT count(*)::int FROM persons WHERE citizen_id_blind_index = ?",
        (Object) db.blindIndex.of(JdbcPersonStore.CITIZEN_ID, citizen.nationalId().value()))).isEqualTo(1);
  }

  @Test
  void parallelRegistrationsOfDifferentPeopleOnOneAccountLinkExactlyOne() throws Exception {
    String account = unique("contested");
    List<Callable<RealNameOutcome>> registrations = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      Citizen citizen = TestCitizens.bornIn(1990 + i);
      registrations.add(() -> db.persons.link(link(account, citizen, 5), NOW));
    }

    List<RealNameOutcome> outcomes = inParallel(registrations);

    assertThat(outcomes).filteredOn(o -> o instanceof RealNameOutcome.Linked).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o instanceof RealNameOutcome.OtherPersonLinked).hasSize(THREADS - 1);
    assertThat(db.count("""
        SELECT count(*)::int FROM person_bindings pb JOIN accounts a ON a.id = pb.account
        WHERE a.account_blind_index = ? AND pb.ended_at IS NULL""", db.index("platform-a", account))).isEqualTo(1);
  }
}
