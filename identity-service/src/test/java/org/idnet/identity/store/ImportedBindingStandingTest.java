package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.idnet.identity.store.ImportFixture.RULES;
import static org.idnet.identity.store.ImportFixture.batch;
import static org.idnet.identity.store.ImportFixture.freshPhone;
import static org.idnet.identity.store.ImportFixture.line;
import static org.idnet.identity.store.StoreFixture.IMPORTED_VALID_FOR;
import static org.idnet.identity.store.StoreFixture.NOW;
import static org.idnet.identity.store.StoreFixture.request;
import static org.idnet.identity.store.StoreFixture.unique;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.AccountStanding;
import org.idnet.identity.domain.ImportId;
import org.idnet.identity.domain.PhoneSource;
import org.idnet.identity.domain.VerificationLevel;
import org.idnet.identity.domain.VerificationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * An imported binding as the hot path reads it: PHONE with source IMPORTED and the platform's date,
 * read again when its period runs out, ended from that instant on; the expiry job then revokes it
 * once with its event; an OTP through idnet turns it into an OTP-proven binding.
 */
class ImportedBindingStandingTest {

  static final Instant VERIFIED = NOW.minus(Duration.ofDays(20)).truncatedTo(ChronoUnit.MICROS);
  static final Instant ENDS = VERIFIED.plus(IMPORTED_VALID_FOR);
  static final Instant PROCESSED = NOW.plusSeconds(30);
  static ImportFixture f;
  static JdbcImportExpiry expiry;

  @BeforeAll
  static void start() {
    f = new ImportFixture("identity_imported_standing");
    expiry = new JdbcImportExpiry(f.db.dataSource, new DataSourceTransactionManager(f.db.dataSource), f.cipher,
        f.db.blindIndex, IMPORTED_VALID_FOR);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  /** Imports one account of a new platform and returns it. */
  static AccountRef imported() {
    String platform = unique("platform");
    String account = unique("acct");
    ImportId id = f.open(platform);
    f.imports.addBatch(batch(platform, id, 1, List.of(line(1, account, freshPhone(), VERIFIED))), NOW);
    f.drain(PROCESSED);
    return new AccountRef(platform, account);
  }

  static AccountStanding standing(AccountRef account, Instant at) {
    return f.db.standings.read(account.platformId(), List.of(account.accountId()), at).get(account.accountId());
  }

  @Test
  void standingWhenImportedThenPhoneFromThePlatformsDateUntilItsPeriodEnds() {
    AccountRef account = imported();

    AccountStanding during = standing(account, ENDS.minusNanos(1000));
    AccountStanding after = standing(account, ENDS);

    assertThat(during).isEqualTo(new AccountStanding(VerificationStatus.VERIFIED, VerificationLevel.PHONE,
        org.idnet.identity.domain.AgeBand.UNKNOWN, Optional.empty(), Optional.of(VERIFIED), Optional.of(ENDS),
        Optional.of(PhoneSource.IMPORTED)));
    assertThat(after).isEqualTo(AccountStanding.REVOKED);
  }

  @Test
  void expireWhenThePeriodRanOutThenRevokedAtItsEndOnceWithOneEvent() {
    AccountRef account = imported();

    List<AccountRef> early = expiry.expire(ENDS.minusSeconds(1), 500);
    List<AccountRef> ended = expiry.expire(ENDS.plusSeconds(5), 500);
    List<AccountRef> again = expiry.expire(ENDS.plusSeconds(10), 500);

    assertThat(early).doesNotContain(account);
    assertThat(ended).contains(account);
    assertThat(again).doesNotContain(account);
    assertThat(f.db.revokeReasons(account.platformId(), account.accountId())).containsExactly("import-expired");
    assertThat(f.db.jdbc.sql("""
            SELECT b.revoked_at FROM phone_bindings b JOIN accounts a ON a.id = b.account
            WHERE a.platform_id = ? AND a.account_blind_index = ?""")
        .param(account.platformId()).param(f.db.index(account.platformId(), account.accountId()))
        .query(OffsetDateTime.class).single().toInstant()).isEqualTo(ENDS);
    assertThat(JdbcImportQueueTest.eventsIn(f, account)).isEqualTo(2);
    assertThat(standing(account, ENDS.plusSeconds(60))).isEqualTo(AccountStanding.REVOKED);
  }

  @Test
  void bindWhenTheUserCompletesAnOtpThenTheBindingIsOtpProvenAndNeverExpires() {
    AccountRef account = imported();
    String phone = f.db.store.activePhone(account).orElseThrow().e164();
    Instant otp = PROCESSED.plusSeconds(60);

    f.db.store.bind(request(account.platformId(), account.accountId(), phone, unique("v")), otp);

    AccountStanding later = standing(account, ENDS.plusSeconds(60));
    assertThat(later.phoneSource()).contains(PhoneSource.OTP);
    assertThat(later.verifiedAt()).contains(otp.truncatedTo(ChronoUnit.MICROS));
    assertThat(later.reviewAt()).isEmpty();
    assertThat(expiry.expire(ENDS.plusSeconds(60), 500)).doesNotContain(account);
    assertThat(f.db.revokeReasons(account.platformId(), account.accountId())).containsExactly("renewed");
  }

  @Test
  void standingWhenLinkedToAPersonThenRealNameWithoutAPhoneSource() {
    AccountRef account = imported();

    f.db.link(account.platformId(), account.accountId(), TestCitizens.bornIn(1980));

    AccountStanding linked = standing(account, PROCESSED.plusSeconds(60));
    assertThat(linked.level()).isEqualTo(VerificationLevel.REAL_NAME);
    assertThat(linked.phoneSource()).isEmpty();
  }
}
