package org.idnet.otp.store;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import org.idnet.phone.PhoneNumber;

/**
 * Encrypts the personal values kept in Redis (Tink AES-256-GCM): inside a verification the phone
 * number and the platform's account id, which platforms choose and is often an e-mail address;
 * with an Idempotency-Key's remembered answer, that account id again. The associated data is the
 * verification id (or the key's Redis name) and the field, so a ciphertext copied into another
 * verification, key or field does not decrypt.
 */
public final class PhoneCipher {

  private final Aead aead;

  public PhoneCipher(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("idnet.otp.data-key must decode to exactly 32 bytes");
    }
    try {
      AesGcmParameters parameters = AesGcmParameters.builder()
          .setKeySizeBytes(32).setIvSizeBytes(12).setTagSizeBytes(16)
          .setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
      this.aead = AesGcmJce.create(AesGcmKey.builder().setParameters(parameters)
          .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get())).build());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  public String seal(PhoneNumber phone, String verificationId) {
    // "<country code>|<national number>": the form verifications already in Redis hold.
    return seal(phone.countryCode() + "|" + phone.nationalNumber(), ad(verificationId));
  }

  public PhoneNumber open(String sealed, String verificationId) {
    try {
      String plain = open(sealed, ad(verificationId));
      int bar = plain.indexOf('|');
      return PhoneNumber.of(Integer.parseInt(plain.substring(0, bar)), plain.substring(bar + 1));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("a stored phone number does not decrypt for its verification");
    }
  }

  public String sealAccount(String accountId, String verificationId) {
    return seal(accountId, accountAd(verificationId));
  }

  public String openAccount(String sealed, String verificationId) {
    try {
      return open(sealed, accountAd(verificationId));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("a stored account id does not decrypt for its verification");
    }
  }

  /**
   * The account id of an Idempotency-Key's remembered answer, bound to that key's Redis name (the
   * keyed hash of platform and key) and the field: it outlives the verification, so it cannot be
   * read back from there.
   */
  public String sealAnswerAccount(String accountId, String idempotencyKeyName) {
    return seal(accountId, answerAccountAd(idempotencyKeyName));
  }

  public String openAnswerAccount(String sealed, String idempotencyKeyName) {
    try {
      return open(sealed, answerAccountAd(idempotencyKeyName));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("a remembered account id does not decrypt for its Idempotency-Key");
    }
  }

  private String seal(String plain, byte[] ad) {
    try {
      return Base64.getEncoder().encodeToString(aead.encrypt(plain.getBytes(StandardCharsets.UTF_8), ad));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not encrypt", e);
    }
  }

  private String open(String sealed, byte[] ad) throws GeneralSecurityException {
    return new String(aead.decrypt(Base64.getDecoder().decode(sealed), ad), StandardCharsets.UTF_8);
  }

  // The phone's associated data predates the account's, hence no field name in it.
  private static byte[] ad(String verificationId) {
    return ("idnet-otp/verification/" + verificationId).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] accountAd(String verificationId) {
    return ("idnet-otp/verification/" + verificationId + "/account").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] answerAccountAd(String idempotencyKeyName) {
    return ("idnet-otp/idempotency/" + idempotencyKeyName + "/account").getBytes(StandardCharsets.UTF_8);
  }
}
