package org.idnet.disclosure.requests.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.function.Supplier;
import org.idnet.disclosure.api.GrpcErrors;
import org.idnet.disclosure.requests.domain.DisclosureException;
import org.idnet.disclosure.requests.domain.Refusal;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * A failure before the commit is store-unavailable (nothing written: repeat it); a failure of the
 * commit itself is outcome-unknown (504 at the gateway, no RetryInfo): PostgreSQL may have
 * committed, and a filing repeated without its Idempotency-Key would be filed twice.
 */
class SpringTransactionsTest {

  @Test
  void failureWhileTheWorkRunsIsStoreUnavailableAndMayBeRepeated() {
    FailingManager manager = new FailingManager(null, null);
    DisclosureException e = refusal(manager, () -> {
      throw new DataAccessResourceFailureException("connection lost during INSERT");
    });

    assertThat(e.refusal()).isEqualTo(Refusal.STORE_UNAVAILABLE);
    assertThat(manager.rolledBack).isTrue();
    assertThat(GrpcErrors.toStatus(e).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void rollbackThatFailsAfterAFailedStatementIsStoreUnavailable() {
    FailingManager manager = new FailingManager(null, new TransactionSystemException("rollback failed: connection gone"));
    DisclosureException e = refusal(manager, () -> {
      throw new DataAccessResourceFailureException("connection lost during INSERT");
    });

    assertThat(e.refusal()).isEqualTo(Refusal.STORE_UNAVAILABLE);
  }

  @Test
  void commitThatFailsIsOutcomeUnknownAnsweredDeadlineExceededWithoutRetryInfo() {
    for (RuntimeException commitFailure : new RuntimeException[] {
        new TransactionSystemException("Could not commit JDBC transaction"),
        new DataAccessResourceFailureException("JDBC commit; SQL state [08006]; An I/O error occurred")}) {
      DisclosureException e = refusal(new FailingManager(commitFailure, null), () -> "filed");

      assertThat(e.refusal()).as("%s", commitFailure).isEqualTo(Refusal.OUTCOME_UNKNOWN);
      assertThat(e.refusal().code()).isEqualTo("outcome-unknown");
      assertThat(e.getMessage()).contains("Idempotency-Key");
      StatusRuntimeException status = GrpcErrors.toStatus(e);
      assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      assertThat(StatusProto.fromThrowable(status).getDetailsList()).noneMatch(any -> any.is(RetryInfo.class));
    }
  }

  @Test
  void workThatCommitsAnswersItsResult() {
    assertThat(new SpringTransactions(new FailingManager(null, null)).inTransaction(() -> "filed")).isEqualTo("filed");
  }

  private static DisclosureException refusal(FailingManager manager, Supplier<String> work) {
    return catchThrowableOfType(DisclosureException.class, () -> new SpringTransactions(manager).inTransaction(work));
  }

  /** A transaction manager whose commit or rollback fails as a dead connection makes them fail. */
  static final class FailingManager extends AbstractPlatformTransactionManager {
    /** What commit and rollback throw (null: they succeed). */
    final RuntimeException[] failures;
    boolean rolledBack;

    FailingManager(RuntimeException onCommit, RuntimeException onRollback) {
      failures = new RuntimeException[] {onCommit, onRollback};
    }

    @Override
    protected Object doGetTransaction() {
      return new Object();
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
      if (failures[0] != null) {
        throw failures[0];
      }
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
      rolledBack = true;
      if (failures[1] != null) {
        throw failures[1];
      }
    }
  }
}
