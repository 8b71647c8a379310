package org.idnet.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.idnet.phone.PhoneNumber;
import org.junit.jupiter.api.Test;

/** The rules of an import line that need no store, and the shape of a batch checked at upload. */
class ImportLineRulesTest {

  static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  static final ImportLineRules RULES = new ImportLineRules(Duration.ofDays(180));

  static ImportLine line(String account, String phone, Instant verifiedAt) {
    return new ImportLine(7, account, phone, Optional.ofNullable(verifiedAt));
  }

  @Test
  void checkWhenWellFormedThenValidWithTheAccountNumberAndDate() {
    Instant verified = NOW.minus(Duration.ofDays(180));

    LineCheck check = RULES.check("platform-a", line("user:1@x", "+84912345678", verified), NOW);

    assertThat(check).isEqualTo(new LineCheck.Valid(7, new AccountRef("platform-a", "user:1@x"),
        new PhoneNumber("+84912345678"), verified));
  }

  @Test
  void checkWhenSeveralFieldsBadThenTheFirstInOrderIsTheReason() {
    assertThat(RULES.check("p", line("bad id", "0912", null), NOW))
        .isEqualTo(new LineCheck.Refused(7, ImportRefusal.INVALID_ACCOUNT_ID));
    assertThat(RULES.check("p", line("", "+84912345678", NOW), NOW))
        .isEqualTo(new LineCheck.Refused(7, ImportRefusal.INVALID_ACCOUNT_ID));
    assertThat(RULES.check("p", line("a".repeat(129), "+84912345678", NOW), NOW))
        .isEqualTo(new LineCheck.Refused(7, ImportRefusal.INVALID_ACCOUNT_ID));
    assertThat(RULES.check("p", line("ok", "0912345678", null), NOW))
        .isEqualTo(new LineCheck.Refused(7, ImportRefusal.INVALID_PHONE_NUMBER));
    assertThat(RULES.check("p", line("ok", "+84 912 345 678", NOW), NOW))
        .isEqualTo(new LineCheck.Refused(7, ImportRefusal.INVALID_PHONE_NUMBER));
    // E.164 in shape, but no number of Viet Nam's plan; a fixed line; a mobile of another region passes.
    assertThat(RULES.check("p", line("ok", "+84000100", NOW), NOW))
        .isEqualTo(new LineCheck.Refused(7, ImportRefusal.INVALID_PHONE_NUMBER));
    assertThat(RULES.check("p", line("ok", "+842438234567", NOW), NOW))
        .isEqualTo(new LineCheck.Refused(7, ImportRefusal.INVALID_PHONE_NUMBER));
    assertThat(RULES.check("p", line("ok", "+6591234567", NOW), NOW)).isInstanceOf(LineCheck.Valid.class);
  }

  @Test
  void checkWhenANumberIsSpelledWithATrunkPrefixThenItIsBoundInItsCanonicalForm() {
    LineCheck check = RULES.check("p", line("ok", "+840936000001", NOW), NOW);

    assertThat(check).isInstanceOf(LineCheck.Valid.class);
    assertThat(((LineCheck.Valid) check).phone().e164()).isEqualTo("+84936000001");
  }

  @Test
  void checkWhenVerifiedAtMissingInTheFutureOrTooOldThenInvalidVerifiedAt() {
    for (Instant verified : new Instant[] {null, NOW.plusNanos(1), NOW.minus(Duration.ofDays(180)).minusNanos(1)}) {
      assertThat(RULES.check("p", line("ok", "+84912345678", verified), NOW)).as(String.valueOf(verified))
          .isEqualTo(new LineCheck.Refused(7, ImportRefusal.INVALID_VERIFIED_AT));
    }
    assertThat(RULES.check("p", line("ok", "+84912345678", NOW), NOW)).isInstanceOf(LineCheck.Valid.class);
  }

  @Test
  void batchWhenShapeWrongThenRefusedWholeWithTheFieldNamed() {
    ImportId id = ImportId.random();
    List<ImportLine> thousandAndOne = new ArrayList<>();
    for (int i = 1; i <= 1001; i++) {
      thousandAndOne.add(new ImportLine(i, "a", "b", Optional.empty()));
    }
    List<ImportLine> unordered = List.of(new ImportLine(2, "a", "b", Optional.empty()),
        new ImportLine(2, "a", "b", Optional.empty()));
    List<ImportLine> zero = List.of(new ImportLine(0, "a", "b", Optional.empty()));
    List<ImportLine> longField = List.of(new ImportLine(1, "a".repeat(257), "b", Optional.empty()));

    assertThat(refusal(() -> new ImportBatch("p", id, 0, zero))).isEqualTo(FailureReason.INVALID_BATCH_NUMBER);
    assertThat(refusal(() -> new ImportBatch("p", id, 1, List.of()))).isEqualTo(FailureReason.INVALID_IMPORT_LINES);
    assertThat(refusal(() -> new ImportBatch("p", id, 1, thousandAndOne))).isEqualTo(FailureReason.INVALID_IMPORT_LINES);
    assertThat(refusal(() -> new ImportBatch("p", id, 1, unordered))).isEqualTo(FailureReason.INVALID_LINE_NUMBERS);
    assertThat(refusal(() -> new ImportBatch("p", id, 1, zero))).isEqualTo(FailureReason.INVALID_LINE_NUMBERS);
    assertThat(refusal(() -> new ImportBatch("p", id, 1, longField))).isEqualTo(FailureReason.INVALID_IMPORT_LINES);
    assertThat(new ImportBatch("p", id, 100_000, thousandAndOne.subList(0, 1000)).lastLine()).isEqualTo(1000);
  }

  @Test
  void importIdWhenFormattedThenParsedBackAndOtherSpellingsRefused() {
    ImportId id = ImportId.random();
    String external = id.external();
    // The last character carries two bits: the next letter of the alphabet decodes to the same bytes.
    char last = external.charAt(external.length() - 1);
    String otherSpelling = external.substring(0, external.length() - 1) + (char) (last + 1);

    assertThat(ImportId.parse(external)).isEqualTo(id);
    assertThat(external).matches("imp_[A-Za-z0-9_-]{21}[AQgw]");
    for (String bad : List.of(otherSpelling, "imp_", "we_" + external.substring(4), external + "A",
        id.uuid().toString(), "IMP_" + external.substring(4))) {
      assertThat(refusal(() -> ImportId.parse(bad))).as(bad).isEqualTo(FailureReason.INVALID_IMPORT_ID);
    }
    assertThat(refusal(() -> ImportId.parse(null))).isEqualTo(FailureReason.INVALID_IMPORT_ID);
    assertThat(ImportId.parse("imp_AAAAAAAAAAAAAAAAAAAAAA").uuid()).isEqualTo(new java.util.UUID(0, 0));
  }

  static FailureReason refusal(Runnable call) {
    IdentityException e = catchThrowableOfType(IdentityException.class, call::run);
    return e == null ? null : e.reason();
  }
}
