package org.idnet.identity.store;

import java.util.function.Supplier;
import org.idnet.identity.domain.IdentityException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Turns "PostgreSQL cannot answer now" (no connection within the pool's timeout, connection lost,
 * query timeout, serialization failure) into the domain's STORE_UNAVAILABLE, which callers may
 * retry. Everything else stays a bug and surfaces as INTERNAL.
 */
final class StoreErrors {

  private StoreErrors() {
  }

  static <T> T translate(Supplier<T> operation) {
    try {
      return operation.get();
    } catch (TransientDataAccessException | DataAccessResourceFailureException | RecoverableDataAccessException
        | CannotCreateTransactionException e) {
      throw IdentityException.storeUnavailable(e);
    }
  }
}
