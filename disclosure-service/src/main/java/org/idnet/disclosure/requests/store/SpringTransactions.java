package org.idnet.disclosure.requests.store;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.idnet.disclosure.requests.domain.DisclosureException;
import org.idnet.disclosure.requests.domain.Transactions;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Transactions through Spring's manager, so every JdbcClient on the DataSource (the audit log's
 * too) joins them. "PostgreSQL cannot answer now" becomes store-unavailable, which callers may
 * retry: so does a failed rollback ({@link TransactionSystemException}: when the rollback after a
 * failed statement fails, Spring throws this in place of the statement's error, which was answered
 * 500 until the fault suite's PostgresFaultIT.backendsTerminated found it). A failure after the
 * work is done is the commit's: PostgreSQL may have committed before the connection died, so the
 * outcome is unknown (outcome-unknown, 504, no retry advice): a filing repeated on a 503 without
 * an Idempotency-Key would be filed twice. The exception's type cannot tell the two apart (a lost
 * connection is the same SQLState before and during COMMIT); whether the work returned can.
 * Anything else stays a bug (INTERNAL).
 */
public final class SpringTransactions implements Transactions {

  private final TransactionTemplate template;

  public SpringTransactions(PlatformTransactionManager manager) {
    this.template = new TransactionTemplate(manager);
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    AtomicBoolean workDone = new AtomicBoolean();
    try {
      return template.execute(status -> {
        T result = work.get();
        workDone.set(true);
        return result;
      });
    } catch (TransientDataAccessException | DataAccessResourceFailureException | RecoverableDataAccessException
        | CannotCreateTransactionException | TransactionSystemException e) {
      throw workDone.get() ? DisclosureException.outcomeUnknown(e) : DisclosureException.storeUnavailable(e);
    }
  }
}
