package org.idnet.identity.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.BoundPhone;
import org.idnet.identity.domain.EventType;
import org.idnet.identity.domain.FailureReason;
import org.idnet.identity.domain.IdentityException;
import org.idnet.identity.domain.PhoneBindingRequest;
import org.idnet.identity.domain.PhoneBindingStore;
import org.idnet.identity.domain.PhoneSource;
import org.idnet.identity.domain.PhoneStanding;
import org.idnet.phone.PhoneNumber;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Phone bindings in PostgreSQL (schema: {@code db/migration/V1__accounts_and_phone_bindings.sql}).
 * A number is stored only as a blind index and a ciphertext bound to its row. Concurrent binds of
 * one account serialize on the account row ({@code SELECT ... FOR UPDATE}); the unique indexes
 * are the last word on the invariants either way. A new binding writes account.verification_changed
 * to the outbox in its transaction.
 */
public final class JdbcPhoneBindingStore implements PhoneBindingStore {

  static final String PHONE = "phone";
  static final String TABLE = "phone_bindings";
  static final String CIPHERTEXT_COLUMN = "phone_ciphertext";
  /** A unique violation means a parallel transaction won a race; the retry then sees its row. */
  private static final int ATTEMPTS = 3;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final FieldCipher cipher;
  private final BlindIndex blindIndex;
  private final AccountIds accountIds;

  public JdbcPhoneBindingStore(DataSource dataSource, PlatformTransactionManager transactionManager,
      FieldCipher cipher, BlindIndex blindIndex) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
    this.cipher = cipher;
    this.blindIndex = blindIndex;
    this.accountIds = new AccountIds(blindIndex, cipher);
  }

  @Override
  public PhoneStanding bind(PhoneBindingRequest request, Instant now) {
    // PostgreSQL keeps microseconds: truncate so the answer equals what a later read returns.
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    List<byte[]> indexes = blindIndex.candidates(PHONE, request.phone().e164());
    for (int attempt = 1; ; attempt++) {
      try {
        return StoreErrors.translate(() -> transactions.execute(status -> bindOnce(request, indexes, at)));
      } catch (DuplicateKeyException e) {
        if (attempt == ATTEMPTS) {
          throw IdentityException.storeUnavailable(e);
        }
      }
    }
  }

  private PhoneStanding bindOnce(PhoneBindingRequest request, List<byte[]> indexes, Instant at) {
    UUID account = AccountRows.lock(jdbc, accountIds, request.account(), at);
    Optional<StoredBinding> earlier = jdbc.sql("""
            SELECT id, account, phone_blind_index FROM phone_bindings
            WHERE verification_id = ?""")
        .param(request.verificationId())
        .query(JdbcPhoneBindingStore::binding).optional();
    if (earlier.isPresent()) {
      if (!earlier.get().account().equals(account) || !matches(earlier.get().blindIndex(), indexes)) {
        throw IdentityException.of(FailureReason.VERIFICATION_ALREADY_USED,
            "this verification id has already bound another account or number");
      }
      return standing(account);
    }
    Optional<StoredBinding> active = jdbc.sql("""
            SELECT id, account, phone_blind_index FROM phone_bindings
            WHERE account = ? AND revoked_at IS NULL""")
        .param(account)
        .query(JdbcPhoneBindingStore::binding).optional();
    // Still active when updated: the import expiry job (which does not take the account's lock) may
    // have ended it meanwhile, and its reason and instant stand.
    active.ifPresent(old -> jdbc.sql("""
            UPDATE phone_bindings SET revoked_at = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL""")
        .param(AccountRows.utc(at))
        .param(matches(old.blindIndex(), indexes) ? "renewed" : "replaced")
        .param(old.id())
        .update());
    UUID id = UUID.randomUUID();
    jdbc.sql("""
            INSERT INTO phone_bindings (id, account, phone_blind_index, phone_ciphertext, verification_id, bound_at)
            VALUES (?, ?, ?, ?, ?, ?)""")
        .param(id)
        .param(account)
        .param(indexes.getFirst())
        .param(cipher.encrypt(request.phone().e164(), field(id)))
        .param(request.verificationId())
        .param(AccountRows.utc(at))
        .update();
    // A new binding changes the standing (its level, or at least when it was verified); the repeat
    // of a BindPhone above returned before, changing nothing and announcing nothing.
    OutboxRows.add(jdbc, account, EventType.VERIFICATION_CHANGED, at);
    return new PhoneStanding.Active(at);
  }

  @Override
  public PhoneStanding standing(AccountRef account) {
    return StoreErrors.translate(() -> jdbc.sql("""
            SELECT b.bound_at, b.revoked_at, b.source, b.platform_verified_at
            FROM accounts a JOIN phone_bindings b ON b.account = a.id
            WHERE a.platform_id = ? AND a.account_blind_index = ANY (?)
            ORDER BY b.revoked_at IS NULL DESC, b.revoked_at DESC LIMIT 1""")
        .param(account.platformId())
        .param(accountIds.candidates(account))
        .query((rs, n) -> standing(rs)).optional()
        .orElseGet(PhoneStanding.Unbound::new));
  }

  private PhoneStanding standing(UUID account) {
    return jdbc.sql("""
            SELECT bound_at, revoked_at, source, platform_verified_at FROM phone_bindings WHERE account = ?
            ORDER BY revoked_at IS NULL DESC, revoked_at DESC LIMIT 1""")
        .param(account)
        .query((rs, n) -> standing(rs)).optional()
        .orElseGet(PhoneStanding.Unbound::new);
  }

  @Override
  public Optional<BoundPhone> activeBinding(AccountRef account) {
    return StoreErrors.translate(() -> jdbc.sql("""
            SELECT b.id, b.phone_ciphertext, b.source, b.platform_verified_at
            FROM accounts a JOIN phone_bindings b ON b.account = a.id
            WHERE a.platform_id = ? AND a.account_blind_index = ANY (?) AND b.revoked_at IS NULL""")
        .param(account.platformId())
        .param(accountIds.candidates(account))
        .query((rs, n) -> {
          UUID id = rs.getObject("id", UUID.class);
          PhoneNumber number = new PhoneNumber(cipher.decrypt(rs.getBytes("phone_ciphertext"), field(id)));
          // V11's CHECK: 'otp' or 'imported', platform_verified_at set exactly for 'imported'.
          return "imported".equals(rs.getString("source"))
              ? BoundPhone.imported(number, rs.getObject("platform_verified_at", OffsetDateTime.class).toInstant())
              : BoundPhone.otp(number);
        }).optional());
  }

  /** Where a binding's number is encrypted: the AEAD's associated data. */
  static FieldRef field(UUID binding) {
    return new FieldRef(TABLE, CIPHERTEXT_COLUMN, binding);
  }

  /** The binding as stored; whether an imported one has run out is for {@link JdbcAccountStandings} to say. */
  private static PhoneStanding standing(ResultSet rs) throws SQLException {
    OffsetDateTime revokedAt = rs.getObject("revoked_at", OffsetDateTime.class);
    if (revokedAt != null) {
      return new PhoneStanding.Revoked(revokedAt.toInstant());
    }
    OffsetDateTime boundAt = rs.getObject("bound_at", OffsetDateTime.class);
    return "imported".equals(rs.getString("source"))
        ? new PhoneStanding.Active(rs.getObject("platform_verified_at", OffsetDateTime.class).toInstant(),
            PhoneSource.IMPORTED, Optional.empty())
        : new PhoneStanding.Active(boundAt.toInstant());
  }

  private static StoredBinding binding(ResultSet rs, int row) throws SQLException {
    return new StoredBinding(rs.getObject("id", UUID.class), rs.getObject("account", UUID.class),
        rs.getBytes("phone_blind_index"));
  }

  private static boolean matches(byte[] stored, List<byte[]> candidates) {
    return candidates.stream().anyMatch(candidate -> Arrays.equals(stored, candidate));
  }

  private record StoredBinding(UUID id, UUID account, byte[] blindIndex) {
  }
}
