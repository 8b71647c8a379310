package org.idnet.identity.store;

import java.util.List;
import java.util.UUID;
import org.idnet.identity.domain.AccountRef;

/**
 * How a platform's account id is kept: platforms choose them, and many choose e-mail addresses, so
 * no store or cache holds one in plain. Rows and cache entries are found by a keyed blind index of
 * (platform id, account id) - the platform is part of the input, so the same e-mail address on two
 * platforms gives unrelated indexes - and the id itself is kept only as an AEAD ciphertext bound to
 * its row, for the few places that must name the account again (cache invalidation after a carrier
 * event, re-indexing after a key rotation).
 */
public final class AccountIds {

  static final String PURPOSE = "account";
  static final String TABLE = "accounts";
  static final String CIPHERTEXT_COLUMN = "account_id_ciphertext";

  private final BlindIndex blindIndex;
  private final FieldCipher cipher;

  AccountIds(BlindIndex blindIndex, FieldCipher cipher) {
    this.blindIndex = blindIndex;
    this.cipher = cipher;
  }

  /** The index under the primary key: what a new row stores and what names a cache entry. */
  byte[] index(String platformId, String accountId) {
    return index(blindIndex, platformId, accountId);
  }

  /** The index under every key of the keyset, primary first: what a look-up must match. */
  List<byte[]> candidates(String platformId, String accountId) {
    return candidates(blindIndex, platformId, accountId);
  }

  public static byte[] index(BlindIndex blindIndex, String platformId, String accountId) {
    return blindIndex.of(PURPOSE, input(platformId, accountId));
  }

  static List<byte[]> candidates(BlindIndex blindIndex, String platformId, String accountId) {
    return blindIndex.candidates(PURPOSE, input(platformId, accountId));
  }

  byte[][] candidates(AccountRef account) {
    return candidates(account.platformId(), account.accountId()).toArray(byte[][]::new);
  }

  byte[] encrypt(String accountId, UUID row) {
    return cipher.encrypt(accountId, field(row));
  }

  AccountRef decrypt(String platformId, byte[] ciphertext, UUID row) {
    return new AccountRef(platformId, cipher.decrypt(ciphertext, field(row)));
  }

  /** An account id never holds '|' (AccountRef), so no two (platform, account) pairs share an input. */
  private static String input(String platformId, String accountId) {
    return platformId + "|" + accountId;
  }

  private static FieldRef field(UUID row) {
    return new FieldRef(TABLE, CIPHERTEXT_COLUMN, row);
  }
}
