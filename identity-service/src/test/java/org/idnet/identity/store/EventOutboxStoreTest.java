package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.idnet.identity.store.StoreFixture.AGES;
import static org.idnet.identity.store.StoreFixture.NOW;
import static org.idnet.identity.store.StoreFixture.request;
import static org.idnet.identity.store.StoreFixture.unique;

import java.time.Instant;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.TestDatabase;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.EventType;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.domain.NumberEvent;
import org.idnet.identity.domain.NumberEventType;
import org.idnet.identity.domain.OutboxEvent;
import org.idnet.identity.domain.PersonIdentity;
import org.idnet.identity.domain.PersonLink;
import org.idnet.identity.domain.RealNameOutcome;
import org.idnet.identity.store.SyntheticPopulation.Citizen;
import org.idnet.phone.PhoneNumber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The transactional outbox (V10): every change of an account's standing writes exactly its events
 * in its own transaction, a change that is refused or rolled back writes none, and the idempotent
 * repeat of a change writes none. Time passing (a minor turning 16) is announced once by the job.
 */
class EventOutboxStoreTest {

  static StoreFixture db;
  static JdbcAccountStore accounts;
  static JdbcEventOutbox outbox;
  static JdbcComingOfAge comingOfAge;

  @BeforeAll
  static void start() {
    db = new StoreFixture("identity_outbox");
    var transactions = new DataSourceTransactionManager(db.dataSource);
    FieldCipher cipher = new FieldCipher(db.keys);
    accounts = new JdbcAccountStore(db.dataSource, transactions, cipher, db.blindIndex);
    outbox = new JdbcEventOutbox(db.dataSource, db.blindIndex, cipher);
    comingOfAge = new JdbcComingOfAge(db.dataSource, transactions, cipher, AGES);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  /** The account's events, oldest first, as "type" or "type:reason". */
  static List<String> events(String platform, String account) {
    return db.jdbc.sql("""
            SELECT o.type || coalesce(':' || o.reason, '') FROM event_outbox o JOIN accounts a ON a.id = o.account
            WHERE a.platform_id = ? AND a.account_blind_index = ? ORDER BY o.position""")
        .param(platform).param(db.index(platform, account)).query(String.class).list();
  }

  static int allEvents() {
    return db.count("SELECT count(*)::int FROM event_outbox");
  }

  @Test
  void bindWritesOneVerificationChangedAndItsRepeatNone() {
    String account = unique("bind");
    String verification = unique("v");
    db.store.bind(request("platform-a", account, "+84912000501", verification), NOW);
    assertThat(events("platform-a", account)).containsExactly("account.verification_changed");

    // The same BindPhone again (a retry after a lost answer): nothing changes, nothing announced.
    db.store.bind(request("platform-a", account, "+84912000501", verification), NOW.plusSeconds(1));
    assertThat(events("platform-a", account)).containsExactly("account.verification_changed");

    // Another number: the binding is replaced, which is a change.
    db.store.bind(request("platform-a", account, "+84912000502", unique("v")), NOW.plusSeconds(2));
    assertThat(events("platform-a", account))
        .containsExactly("account.verification_changed", "account.verification_changed");
  }

  @Test
  void bindRefusedWritesNothing() {
    String verification = unique("v");
    db.store.bind(request("platform-a", unique("first"), "+84912000503", verification), NOW);
    int before = allEvents();
    String other = unique("other");

    Throwable refused = catchThrowable(() ->
        db.store.bind(request("platform-a", other, "+84912000503", verification), NOW));

    assertThat(refused).isInstanceOf(IdentityException.class);
    assertThat(events("platform-a", other)).isEmpty();
    assertThat(allEvents()).isEqualTo(before);
  }

  @Test
  void realNameLinkWritesOneVerificationChangedAndRefusalsNone() {
    String account = unique("linked");
    Citizen citizen = TestCitizens.bornIn(1980);
    assertThat(db.link("platform-a", account, citizen)).isInstanceOf(RealNameOutcome.Linked.class);
    assertThat(events("platform-a", account)).containsExactly("account.verification_changed");
    int before = allEvents();

    // The same person again: nothing changes. Another person: refused, rolled back.
    assertThat(db.link("platform-a", account, citizen)).isInstanceOf(RealNameOutcome.AlreadyLinked.class);
    assertThat(db.link("platform-a", account, TestCitizens.bornIn(1981)))
        .isInstanceOf(RealNameOutcome.OtherPersonLinked.class);
    // A minor without a valid guardian: refused, the new person and account rolled back with the event.
    String minor = unique("minor");
    assertThat(db.link("platform-a", minor, TestCitizens.bornIn(2015), unique("nobody")))
        .isInstanceOf(RealNameOutcome.GuardianNotValid.class);

    assertThat(events("platform-a", account)).containsExactly("account.verification_changed");
    assertThat(db.accounts("platform-a", minor)).isZero();
    assertThat(allEvents()).isEqualTo(before);
  }

  @Test
  void numberEventWritesBindingRevokedAndVerificationChangedPerRevokedAccountOnce() {
    String phone = "+84912000504";
    String alice = unique("alice");
    String bob = unique("bob");
    String later = unique("later");
    db.store.bind(request("platform-a", alice, phone, unique("v")), NOW);
    db.store.bind(request("platform-b", bob, phone, unique("v")), NOW);
    // Bound after the event: keeps its binding, so no event.
    db.store.bind(request("platform-a", later, phone, unique("v")), NOW.plusSeconds(20));
    NumberEvent event = new NumberEvent("carrier-1", new PhoneNumber(phone), NumberEventType.REASSIGNED,
        NOW.plusSeconds(10));

    assertThat(db.numberEvents.record(event, NOW.plusSeconds(30))).hasSize(2);

    for (String[] account : List.of(new String[] {"platform-a", alice}, new String[] {"platform-b", bob})) {
      assertThat(events(account[0], account[1])).containsExactly("account.verification_changed",
          "binding.revoked:number-reassigned", "account.verification_changed");
    }
    assertThat(events("platform-a", later)).containsExactly("account.verification_changed");

    // The carrier's repeat changes nothing; a port never revokes.
    int before = allEvents();
    assertThat(db.numberEvents.record(event, NOW.plusSeconds(40))).isEmpty();
    db.numberEvents.record(new NumberEvent("carrier-1", new PhoneNumber(phone), NumberEventType.PORTED,
        NOW.plusSeconds(50)), NOW.plusSeconds(60));
    db.numberEvents.record(new NumberEvent("carrier-1", new PhoneNumber(phone), NumberEventType.DISCONNECTED,
        NOW.plusSeconds(70)), NOW.plusSeconds(80));
    assertThat(events("platform-a", later)).containsExactly("account.verification_changed",
        "binding.revoked:number-disconnected", "account.verification_changed");
    assertThat(allEvents()).isEqualTo(before + 2);
  }

  @Test
  void closeWritesAccountClosedOnceAndNothingForAnAccountWithoutBindings() {
    String account = unique("closing");
    db.store.bind(request("platform-a", account, "+84912000505", unique("v")), NOW);
    db.link("platform-a", account, TestCitizens.bornIn(1970));

    assertThat(accounts.close(new AccountRef("platform-a", account), NOW.plusSeconds(1))).isTrue();
    assertThat(events("platform-a", account)).containsExactly("account.verification_changed",
        "account.verification_changed", "account.closed");

    int before = allEvents();
    assertThat(accounts.close(new AccountRef("platform-a", account), NOW.plusSeconds(2))).isFalse();
    assertThat(accounts.close(new AccountRef("platform-a", unique("never-seen")), NOW.plusSeconds(2))).isFalse();
    assertThat(allEvents()).isEqualTo(before);
  }

  @Test
  void outboxReadsOldestFirstWithTheAccountIdOpenedAndAcknowledgeDeletes() {
    StoreFixture own = new StoreFixture("identity_outbox_read");
    try (own) {
      var outbox = new JdbcEventOutbox(own.dataSource, own.blindIndex, new FieldCipher(own.keys));
      String first = "first@example.com";
      String second = unique("second");
      own.store.bind(request("platform-a", first, "+84912000506", unique("v")), NOW);
      own.store.bind(request("platform-b", second, "+84912000506", unique("v")), NOW.plusSeconds(1));
      own.numberEvents.record(new NumberEvent("carrier-1", new PhoneNumber("+84912000506"),
          NumberEventType.DISCONNECTED, NOW.plusSeconds(5)), NOW.plusSeconds(6));

      List<OutboxEvent> read = outbox.read(500);

      assertThat(read).extracting(OutboxEvent::type).containsExactly(EventType.VERIFICATION_CHANGED,
          EventType.VERIFICATION_CHANGED, EventType.BINDING_REVOKED, EventType.VERIFICATION_CHANGED,
          EventType.BINDING_REVOKED, EventType.VERIFICATION_CHANGED);
      assertThat(read).extracting(OutboxEvent::position).isSorted().doesNotHaveDuplicates();
      assertThat(read).extracting(OutboxEvent::id).doesNotHaveDuplicates();
      assertThat(read.get(0).account()).isEqualTo(new AccountRef("platform-a", first));
      assertThat(read.get(0).occurredAt()).isEqualTo(NOW.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
      assertThat(read.get(1).account()).isEqualTo(new AccountRef("platform-b", second));
      assertThat(read.get(2).reason()).contains("number-disconnected");
      assertThat(read.get(0).reason()).isEmpty();
      assertThat(outbox.read(2)).isEqualTo(read.subList(0, 2));
      // No plain account id in the outbox: the dump shows the table, not the e-mail address.
      assertThat(TestDatabase.dump(own.dataSource)).contains("-- event_outbox").doesNotContain(first);

      outbox.acknowledge(List.of(read.get(0).position(), read.get(1).position(), -1L));
      assertThat(outbox.read(500)).isEqualTo(read.subList(2, 6));
      outbox.acknowledge(List.of(read.get(0).position()));
      assertThat(outbox.read(500)).hasSize(4);
    }
  }

  @Test
  void changeWhoseEventCannotBeWrittenIsNotMadeEither() {
    StoreFixture own = new StoreFixture("identity_outbox_refused");
    try (own) {
      own.owner.sql("REVOKE INSERT ON event_outbox FROM " + TestDatabase.APP_ROLE).update();
      String account = unique("atomic");

      assertThat(catchThrowable(() -> own.store.bind(request("platform-a", account, "+84912000507", unique("v")),
          NOW))).isNotNull();

      assertThat(own.owner.sql("SELECT count(*)::int FROM phone_bindings").query(Integer.class).single()).isZero();
      assertThat(own.owner.sql("SELECT count(*)::int FROM accounts").query(Integer.class).single()).isZero();
    }
  }

  /** A minor registered on {@code at}, with an adult guardian on the same platform. */
  static String minorAccount(Citizen minor, Instant at) {
    return minorAccount(db, minor, at);
  }

  static String minorAccount(StoreFixture db, Citizen minor, Instant at) {
    String guardian = unique("guardian");
    assertThat(db.link("platform-a", guardian, TestCitizens.bornIn(1975))).isInstanceOf(RealNameOutcome.Linked.class);
    String account = unique("minor");
    PersonIdentity identity = new PersonIdentity(minor.nationalId(), minor.fullName(), minor.dateOfBirth());
    assertThat(db.persons.link(new PersonLink(new AccountRef("platform-a", account), identity,
        AGES.turns16In(minor.dateOfBirth(), AGES.today(at)), Optional.of(new AccountRef("platform-a", guardian)), 5),
        at)).isInstanceOf(RealNameOutcome.Linked.class);
    return account;
  }

  @Test
  void comingOfAgeAnnouncesEachMinorOnceAfterTheBirthdayOnly() {
    // Turns 16 in 2026 after 30 June; registered in 2025.
    Citizen minor = TestCitizens.bornLaterInYearThan(2010, MonthDay.of(6, 30));
    String account = minorAccount(minor, Instant.parse("2025-03-01T00:00:00Z"));
    // A second account of the same person, and an adult (never announced).
    String second = minorAccountOfSamePerson(minor);
    String adult = unique("adult");
    db.link("platform-a", adult, TestCitizens.bornIn(1990));

    comingOfAge.announce(Instant.parse("2026-06-01T00:00:00Z"));
    assertThat(events("platform-a", account)).containsExactly("account.verification_changed");

    // 31 December, midday in Hanoi: every 2010 birthday has passed.
    Instant endOfYear = Instant.parse("2026-12-31T05:00:00Z");
    comingOfAge.announce(endOfYear);
    comingOfAge.announce(endOfYear.plusSeconds(3600));
    assertThat(events("platform-a", account))
        .containsExactly("account.verification_changed", "account.verification_changed");
    assertThat(events("platform-a", second))
        .containsExactly("account.verification_changed", "account.verification_changed");
    assertThat(events("platform-a", adult)).containsExactly("account.verification_changed");
    // The next year too (the year before is still looked at): already announced, nothing.
    comingOfAge.announce(Instant.parse("2027-01-01T05:00:00Z"));
    assertThat(events("platform-a", account)).hasSize(2);
  }

  /** Links the minor's person to another account of platform-a, with a guardian, in 2025. */
  static String minorAccountOfSamePerson(Citizen minor) {
    return minorAccount(minor, Instant.parse("2025-04-01T00:00:00Z"));
  }

  /**
   * In a database of its own: the runs at New Year 2027 would announce the other test's minor
   * (the year before is still looked at) before that test's own runs.
   */
  @Test
  void comingOfAgeRunTogetherOnSeveralReplicasAnnouncesOnce() throws Exception {
    StoreFixture own = new StoreFixture("identity_coming_of_age");
    try (own) {
      var job = new JdbcComingOfAge(own.dataSource, new DataSourceTransactionManager(own.dataSource),
          new FieldCipher(own.keys), AGES);
      Citizen minor = TestCitizens.bornIn(2010);
      String account = minorAccount(own, minor, Instant.parse("2025-05-01T00:00:00Z"));
      // Turned 16 in 2026, announced when the job runs in 2027 (the year before is still looked at).
      Instant at = Instant.parse("2027-01-01T03:00:00Z");
      List<Callable<Integer>> replicas = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        replicas.add(() -> job.announce(at));
      }

      List<Integer> first = StoreFixture.inParallel(replicas);
      List<Integer> second = StoreFixture.inParallel(replicas);

      assertThat(first.stream().mapToInt(Integer::intValue).sum() + second.stream().mapToInt(Integer::intValue).sum())
          .isEqualTo(1);
      assertThat(own.count("""
              SELECT count(*)::int FROM event_outbox o JOIN accounts a ON a.id = o.account
              WHERE a.account_blind_index = ?""", own.index("platform-a", account))).isEqualTo(2);
      assertThat(own.count("SELECT count(*)::int FROM coming_of_age_announced")).isEqualTo(1);
    }
  }
}
