package org.idnet.caller.evidence;

import com.nimbusds.jose.jwk.JWK;
import java.util.List;
import java.util.Optional;

/**
 * Where a verifier keeps every issuer key it has seen, so that evidence signed with a key the
 * issuer has since rotated away still verifies (identity-service checks officials' tokens long
 * after they were issued). Public keys only.
 */
public interface KeyArchive {

  /** The key with this id, if it was ever seen (and is still kept). */
  Optional<JWK> find(String keyId);

  /** Keeps the keys of a set just fetched from the issuer. */
  void remember(List<JWK> keys);
}
