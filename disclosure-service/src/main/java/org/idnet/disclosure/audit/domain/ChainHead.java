package org.idnet.disclosure.audit.domain;

import java.util.Objects;
import org.idnet.audit.verifier.Hash;

/**
 * The end of the chain as committed: how many entries it has and the hash of the last one
 * ({@link Hash#ZERO} for an empty log). What a checkpoint signs.
 */
public record ChainHead(long size, Hash hash) {

  public ChainHead {
    if (size < 0) {
      throw new IllegalArgumentException("a chain has 0 or more entries, not " + size);
    }
    Objects.requireNonNull(hash, "hash");
  }
}
