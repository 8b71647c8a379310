package org.idnet.keysets.vault;

import com.google.crypto.tink.Aead;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.Logical;
import io.github.jopenlibs.vault.response.LogicalResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import org.idnet.keysets.KmsUnavailableException;

/**
 * An AEAD whose key never leaves Vault: transit {@code encrypt} and {@code decrypt} with the
 * associated data Tink passes (Vault's {@code associated_data}, so the transit key must be an AEAD
 * type: {@code aes256-gcm96}, the default, or {@code chacha20-poly1305}). The same requests Tink's
 * own HashiCorp Vault integration makes; the ciphertext is Vault's {@code vault:v<n>:...} text,
 * so a key rotated in Vault still decrypts what older versions sealed.
 */
final class VaultTransitAead implements Aead {

  private final Logical vault;
  private final VaultKeyUri key;

  VaultTransitAead(Logical vault, VaultKeyUri key) {
    this.vault = vault;
    this.key = key;
  }

  @Override
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    LogicalResponse response = call(key.encryptPath(), Map.of(
        "plaintext", Base64.getEncoder().encodeToString(plaintext),
        "associated_data", base64(associatedData)));
    int status = response.getRestResponse().getStatus();
    String ciphertext = status == 200 && response.getData() != null ? response.getData().get("ciphertext") : null;
    if (ciphertext == null) {
      throw new KmsUnavailableException("Vault at " + key.address() + " did not encrypt with " + key.encryptPath()
          + " (" + VaultErrors.of(status, response.getRestResponse().getBody()) + ")");
    }
    return ciphertext.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    String text = new String(ciphertext, StandardCharsets.UTF_8);
    if (!text.startsWith("vault:v")) {
      throw new GeneralSecurityException("not a Vault transit ciphertext");
    }
    LogicalResponse response = call(key.decryptPath(), Map.of("ciphertext", text,
        "associated_data", base64(associatedData)));
    int status = response.getRestResponse().getStatus();
    byte[] body = response.getRestResponse().getBody();
    if (status == 200 && response.getData() != null && response.getData().get("plaintext") != null) {
      return Base64.getDecoder().decode(response.getData().get("plaintext"));
    }
    // 400 is Vault's answer to a ciphertext that does not authenticate (altered, other key, other
    // associated data) - except for a key it does not have, which is the KMS's settings, not the file.
    if (status == 400 && !VaultErrors.keyNotFound(body)) {
      throw new GeneralSecurityException("Vault did not decrypt with " + key.decryptPath() + " ("
          + VaultErrors.of(status, body) + ")");
    }
    throw new KmsUnavailableException("Vault at " + key.address() + " did not decrypt with " + key.decryptPath()
        + " (" + VaultErrors.of(status, body) + ")");
  }

  private LogicalResponse call(String path, Map<String, Object> body) throws KmsUnavailableException {
    try {
      return vault.write(path, body);
    } catch (VaultException e) {
      throw new KmsUnavailableException("cannot use Vault at " + key.address() + " (" + path + "): "
          + VaultErrors.of(e), e);
    }
  }

  private static String base64(byte[] bytes) {
    return bytes == null ? "" : Base64.getEncoder().encodeToString(bytes);
  }
}
