package org.idnet.identity.store;

import java.util.function.Supplier;
import org.idnet.identity.domain.IdentityException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Turns "PostgreSQL cannot answer now" (no connection within the pool's timeout, connection lost,
 * query timeout, serialization failure) into the domain's STORE_UNAVAILABLE, which callers may
 * retry. A commit or rollback that fails ({@link TransactionSystemException}) is that too: its
 * connection died under the transaction (a terminated backend, a failover), and when the rollback
 * of a failed statement fails, Spring throws this instead of the statement's own error. (It was
 * answered 500; found by the fault suite, PostgresFaultIT.backendsTerminated.) A failed COMMIT is
 * answered so too, although PostgreSQL may have committed: every write of this service is
 * idempotent by its own key (BindPhone by verification id, a real name by account, a release by
 * request id, a number event by number, type and time), so a repeat has one effect (unlike a
 * disclosure filing: disclosure-service answers outcome-unknown there). Everything else stays a
 * bug and surfaces as INTERNAL.
 */
public final class StoreErrors {

  private StoreErrors() {
  }

  public static <T> T translate(Supplier<T> operation) {
    try {
      return operation.get();
    } catch (TransientDataAccessException | DataAccessResourceFailureException | RecoverableDataAccessException
        | CannotCreateTransactionException | TransactionSystemException e) {
      throw IdentityException.storeUnavailable(e);
    }
  }
}
