package org.idnet.disclosure.requests.domain;

import java.util.function.Supplier;

/**
 * One database transaction around a piece of work: a state change, its audit entry and (for a
 * release) its package commit together or not at all. A refusal thrown inside rolls it back.
 */
public interface Transactions {

  <T> T inTransaction(Supplier<T> work);
}
