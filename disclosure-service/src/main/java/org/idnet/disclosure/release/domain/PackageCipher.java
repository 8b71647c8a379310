package org.idnet.disclosure.release.domain;

import java.util.UUID;

/**
 * Seals a disclosure package (Tink AEAD) bound to its request id, so a sealed package copied to
 * another request does not open.
 */
public interface PackageCipher {

  byte[] seal(UUID requestId, DisclosedFields fields);

  DisclosedFields open(UUID requestId, byte[] sealed);
}
