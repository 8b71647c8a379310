package org.idnet.disclosure.requests.store;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.prf.PrfSet;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.idnet.keysets.TinkRegistration;

/**
 * How a request's target account is kept: account ids are the platforms' choice, often e-mail
 * addresses, so a request row holds the id only as a Tink AEAD ciphertext bound to the request
 * (officials are shown it back), and notices find a platform's account by a keyed blind index
 * (HMAC-SHA256 PRF of {@code account|<platform>|<account>}, the platform in the input so one
 * address on two platforms gives unrelated indexes). Each has its own keyset, apart from the
 * package keys, which may be retired once the last package has expired; requests are kept for good.
 */
public final class TargetSealer {

  static final String TABLE = "disclosure_requests";
  static final String CIPHERTEXT_COLUMN = "account_id_ciphertext";
  /** The full HMAC-SHA256 output. */
  private static final int INDEX_BYTES = 32;

  private final PrfSet index;
  private final Aead aead;

  public TargetSealer(KeysetHandle accountIndex, KeysetHandle requestFields) {
    TinkRegistration.ensure();
    try {
      this.index = accountIndex.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
      this.aead = requestFields.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the account-index keyset must give a PRF set, the request-field one an AEAD", e);
    }
  }

  /** The index under the primary key: what a new row stores. */
  byte[] index(String platformId, String accountId) {
    try {
      return index.computePrimary(input(platformId, accountId), INDEX_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not compute a blind index", e);
    }
  }

  /** The index under every key of the keyset, primary first: rows written before a rotation still match. */
  public byte[][] candidates(String platformId, String accountId) {
    byte[] input = input(platformId, accountId);
    try {
      List<byte[]> all = new ArrayList<>();
      all.add(index.computePrimary(input, INDEX_BYTES));
      for (Map.Entry<Integer, Prf> prf : index.getPrfs().entrySet()) {
        if (prf.getKey() != index.getPrimaryId()) {
          all.add(prf.getValue().compute(input, INDEX_BYTES));
        }
      }
      return all.toArray(byte[][]::new);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not compute a blind index", e);
    }
  }

  byte[] seal(String accountId, UUID requestId) {
    try {
      return aead.encrypt(accountId.getBytes(StandardCharsets.UTF_8), associatedData(requestId));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not encrypt a request's account id", e);
    }
  }

  /** Throws if the ciphertext was altered or belongs to another request. */
  public String open(byte[] ciphertext, UUID requestId) {
    try {
      return new String(aead.decrypt(ciphertext, associatedData(requestId)), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the account id of request " + requestId + " does not decrypt", e);
    }
  }

  /** An account id never holds '|' (RequestValidation), so no two targets share an input. */
  private static byte[] input(String platformId, String accountId) {
    return ("account|" + platformId + "|" + accountId).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] associatedData(UUID requestId) {
    return (TABLE + "|" + CIPHERTEXT_COLUMN + "|" + requestId).getBytes(StandardCharsets.UTF_8);
  }
}
