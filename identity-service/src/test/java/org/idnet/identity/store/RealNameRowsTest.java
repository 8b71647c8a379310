package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.AgeRule;
import org.idnet.identity.domain.CitizenId;
import org.idnet.identity.domain.PersonIdentity;
import org.idnet.identity.domain.PersonName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bulk rows carry the vault's values, each bound to its own row; the benchmarks' end-to-end test
 * ({@code RecordLoaderEndToEndTest}) shows the service answering them like API-registered accounts.
 */
class RealNameRowsTest {

  private static final Instant AT = Instant.parse("2025-06-01T10:00:00.123456789Z");
  private static KeyProvider keys;
  private static RealNameRows rows;
  private static FieldCipher cipher;
  private static BlindIndex blindIndex;

  @BeforeAll
  static void keys() throws Exception {
    keys = VaultKeysets.plain(Files.createTempDirectory("real-name-rows"), true);
    cipher = new FieldCipher(keys);
    blindIndex = new BlindIndex(keys);
    rows = new RealNameRows(cipher, blindIndex, new SubjectIds(keys), new AgeRule(ZoneId.of("Asia/Ho_Chi_Minh")));
  }

  @Test
  void rowsWhenMadeThenIndexedAndEncryptedAsTheStoresDo() {
    RealNameRows.RowIds ids = new RealNameRows.RowIds(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
        UUID.randomUUID());
    PersonIdentity person = new PersonIdentity(CitizenId.parse("001190012345"), new PersonName("Nguyễn Văn An"),
        LocalDate.of(1990, 5, 17));

    RealNameRows.Rows r = rows.rows(new RealNameRows.Registration(new AccountRef("platform-a", "user-1"), person,
        "+84912345678", "verification-1", AT), ids);

    OffsetDateTime at = OffsetDateTime.of(2025, 6, 1, 10, 0, 0, 123_456_000, ZoneOffset.UTC);
    assertThat(r.account()[0]).isEqualTo(ids.account());
    assertThat(r.account()[2]).isEqualTo(AccountIds.index(blindIndex, "platform-a", "user-1"));
    assertThat(new AccountIds(blindIndex, cipher).decrypt("platform-a", (byte[]) r.account()[3], ids.account()))
        .isEqualTo(new AccountRef("platform-a", "user-1"));
    assertThat(r.account()[4]).isEqualTo(at);
    assertThat(r.person()[1]).isEqualTo(blindIndex.of("citizen-id", "001190012345"));
    assertThat(cipher.decrypt((byte[]) r.person()[2], JdbcPersonStore.field(JdbcPersonStore.CITIZEN_ID_COLUMN,
        ids.person()))).isEqualTo("001190012345");
    assertThat(cipher.decrypt((byte[]) r.person()[3], JdbcPersonStore.field(JdbcPersonStore.FULL_NAME, ids.person())))
        .isEqualTo("Nguyễn Văn An");
    assertThat(cipher.decrypt((byte[]) r.person()[4], JdbcPersonStore.field(JdbcPersonStore.BIRTH_DATE, ids.person())))
        .isEqualTo("1990-05-17");
    assertThat(r.person()[5]).isNull();
    assertThat(r.pairwiseSubject()[2]).isEqualTo(new SubjectIds(keys).of("platform-a", ids.person()));
    assertThat(r.personBinding()).containsExactly(ids.personBinding(), ids.account(), ids.person(), "platform-a", null, at);
    assertThat(r.phoneBinding()[2]).isEqualTo(blindIndex.of("phone", "+84912345678"));
    assertThat(cipher.decrypt((byte[]) r.phoneBinding()[3], JdbcPhoneBindingStore.field(ids.phoneBinding())))
        .isEqualTo("+84912345678");
  }

  /** A ciphertext is bound to its row: another row's id does not open it (no copying rows around). */
  @Test
  void ciphertextWhenReadUnderAnotherRowThenRefused() {
    RealNameRows.RowIds ids = new RealNameRows.RowIds(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
        UUID.randomUUID());
    PersonIdentity person = new PersonIdentity(CitizenId.parse("001190012345"), new PersonName("Nguyễn Văn An"),
        LocalDate.of(1990, 5, 17));
    RealNameRows.Rows r = rows.rows(new RealNameRows.Registration(new AccountRef("platform-a", "user-2"), person,
        "+84912345678", "verification-2", AT), ids);

    assertThatThrownBy(() -> cipher.decrypt((byte[]) r.person()[3],
        JdbcPersonStore.field(JdbcPersonStore.FULL_NAME, UUID.randomUUID()))).isInstanceOf(FieldDecryptionException.class);
  }

  @Test
  void rowsWhenTheHolderIsAMinorThenRefusedForWantOfAGuardian() {
    PersonIdentity minor = new PersonIdentity(CitizenId.parse("001212012345"), new PersonName("Trần Thị Bình"),
        LocalDate.of(2012, 3, 3));

    assertThatThrownBy(() -> rows.rows(new RealNameRows.Registration(new AccountRef("platform-a", "kid"), minor,
        "+84912345679", "verification-3", AT), new RealNameRows.RowIds(UUID.randomUUID(), UUID.randomUUID(),
        UUID.randomUUID(), UUID.randomUUID())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("guardian");
  }
}
