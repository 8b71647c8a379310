package org.idnet.disclosure.audit.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import org.idnet.audit.verifier.AuditCheckpoint;
import org.idnet.audit.verifier.AuditEntry;
import org.idnet.audit.verifier.Hash;
import org.idnet.disclosure.audit.domain.AuditStoreUnavailableException;
import org.idnet.disclosure.audit.domain.ChainHead;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Rows of the audit tables to values and back, shared by the JDBC adapters. */
final class AuditRows {

  static final String ENTRY_COLUMNS = "seq, at, type, actor, agency_id, request_id, prev_hash, hash";

  private AuditRows() {
  }

  static AuditEntry entry(ResultSet rs) throws SQLException {
    return new AuditEntry(rs.getLong("seq"), instant(rs, "at"), rs.getString("type"), rs.getString("actor"),
        rs.getString("agency_id"), rs.getObject("request_id").toString(), new Hash(rs.getBytes("prev_hash")),
        new Hash(rs.getBytes("hash")));
  }

  static ChainHead head(ResultSet rs) throws SQLException {
    return new ChainHead(rs.getLong("seq"), new Hash(rs.getBytes("hash")));
  }

  static AuditCheckpoint checkpoint(ResultSet rs) throws SQLException {
    return new AuditCheckpoint(rs.getLong("size"), new Hash(rs.getBytes("root_hash")), instant(rs, "issued_at"),
        rs.getBytes("signature"), rs.getString("key_id"));
  }

  static OffsetDateTime utc(Instant at) {
    return at.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  /**
   * "PostgreSQL cannot answer now" becomes the domain's retryable outage (a failed commit or rollback
   * too: see {@code SpringTransactions}); everything else stays a bug (INTERNAL).
   */
  static <T> T translate(Supplier<T> operation) {
    try {
      return operation.get();
    } catch (TransientDataAccessException | DataAccessResourceFailureException | RecoverableDataAccessException
        | CannotCreateTransactionException | org.springframework.transaction.TransactionSystemException e) {
      throw new AuditStoreUnavailableException(e);
    }
  }
}
