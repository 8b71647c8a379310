package org.idnet.identity.domain;

import java.util.Optional;
import java.util.function.Supplier;

/** The replay store: every grant is used at most once. */
public interface GrantLedger {

  /**
   * Records the use and runs {@code release} in one transaction, so the record and the reads
   * commit together (a failed read leaves the grant unused) and two concurrent uses of one grant
   * cannot both get through.
   *
   * @return what {@code release} returned, or empty if the grant was used before (then
   *     {@code release} does not run)
   * @throws IdentityException STORE_UNAVAILABLE if the store cannot answer
   */
  <T> Optional<T> firstUse(GrantUse use, Supplier<T> release);
}
