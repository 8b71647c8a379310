package org.idnet.disclosure.requests.store;

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
 * retry: so does a failed commit or rollback ({@link TransactionSystemException}, the connection died
 * under the transaction; when the rollback after a failed statement fails, Spring throws this in
 * place of the statement's error, which was answered 500 until the fault suite's
 * PostgresFaultIT.backendsTerminated found it). Anything else stays a bug (INTERNAL).
 */
public final class SpringTransactions implements Transactions {

  private final TransactionTemplate template;

  public SpringTransactions(PlatformTransactionManager manager) {
    this.template = new TransactionTemplate(manager);
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    try {
      return template.execute(status -> work.get());
    } catch (TransientDataAccessException | DataAccessResourceFailureException | RecoverableDataAccessException
        | CannotCreateTransactionException | TransactionSystemException e) {
      throw DisclosureException.storeUnavailable(e);
    }
  }
}
