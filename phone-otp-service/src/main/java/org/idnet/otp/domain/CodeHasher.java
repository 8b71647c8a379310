package org.idnet.otp.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.idnet.phone.PhoneNumber;

/**
 * The only form in which a code is stored: HMAC-SHA256 over the code <em>and</em> the verification
 * id, platform, account and phone. A code therefore verifies nothing but its own verification,
 * and a dump of Redis can't be brute-forced offline without the key.
 */
public final class CodeHasher {

  private final byte[] key;

  public CodeHasher(byte[] codeHashSecret) {
    this.key = KeyDerivation.derive(codeHashSecret, "idnet-otp/code-hash/v1");
  }

  public String hash(String verificationId, String platformId, String accountId, PhoneNumber phone, String code) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // Length-prefixed fields: no two different tuples encode to the same bytes.
    for (String field : new String[] {verificationId, platformId, accountId, phone.e164(), code}) {
      byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
      out.write(bytes.length >>> 8);
      out.write(bytes.length);
      out.writeBytes(bytes);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(KeyDerivation.hmac(key, out.toByteArray()));
  }
}
