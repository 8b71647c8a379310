package org.idnet.identity.store;

import java.nio.ByteBuffer;
import java.util.Collection;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Transaction-level advisory locks per phone number (the first four bytes of its primary blind
 * index), between a carrier's report and an import batch. An imported binding's proof is older than
 * its insert: without these, a report committed while a batch is in flight (after the batch read the
 * reports, before it committed) would neither be seen by the batch nor see the batch's uncommitted
 * binding, which would then stand, proved before the recycling. A report takes its number's lock
 * exclusively before anything else; a batch takes its numbers' locks shared (batches never wait for
 * each other), in key order, before reading the reports. A report holds no other lock while it
 * waits, so the two cannot deadlock. Two numbers sharing a key only wait for each other.
 */
final class NumberLocks {

  /** The advisory locks' first key, reserved for phone numbers (the second: the number's key). */
  static final int LOCK_CLASS = 0x1d4e_1a03;

  private NumberLocks() {
  }

  /** A number's key: the first four bytes of its primary blind index. */
  static int key(byte[] primaryIndex) {
    return ByteBuffer.wrap(primaryIndex).getInt();
  }

  /** A carrier's report: until the transaction ends, no batch binding this number is in flight. */
  static void exclusive(JdbcClient jdbc, byte[] primaryIndex) {
    jdbc.sql("SELECT pg_advisory_xact_lock(?, ?)").param(LOCK_CLASS).param(key(primaryIndex))
        .query((rs, n) -> 1).list();
  }

  /** An import batch: until the transaction ends, no report of these numbers commits. */
  static void shared(JdbcClient jdbc, Collection<byte[]> primaryIndexes) {
    Integer[] keys = primaryIndexes.stream().map(NumberLocks::key).distinct().sorted().toArray(Integer[]::new);
    jdbc.sql("""
            SELECT count(pg_advisory_xact_lock_shared(?, k))
            FROM (SELECT k FROM unnest(?::integer[]) AS k ORDER BY k) AS keys""")
        .param(LOCK_CLASS).param(keys)
        .query(Long.class).single();
  }
}
