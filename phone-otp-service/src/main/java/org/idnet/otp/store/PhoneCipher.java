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
import org.idnet.otp.domain.PhoneNumber;

/**
 * Encrypts the phone number kept inside a verification (Tink AES-256-GCM). The associated data is
 * the verification id, so a ciphertext copied into another verification does not decrypt.
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
    byte[] plain = (phone.countryCode() + "|" + phone.nationalNumber()).getBytes(StandardCharsets.UTF_8);
    try {
      return Base64.getEncoder().encodeToString(aead.encrypt(plain, ad(verificationId)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not encrypt", e);
    }
  }

  public PhoneNumber open(String sealed, String verificationId) {
    try {
      String plain = new String(aead.decrypt(Base64.getDecoder().decode(sealed), ad(verificationId)), StandardCharsets.UTF_8);
      int bar = plain.indexOf('|');
      return new PhoneNumber(Integer.parseInt(plain.substring(0, bar)), plain.substring(bar + 1));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("a stored phone number does not decrypt for its verification");
    }
  }

  private static byte[] ad(String verificationId) {
    return ("idnet-otp/verification/" + verificationId).getBytes(StandardCharsets.UTF_8);
  }
}
