package org.idnet.identity.store;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.idnet.identity.domain.EventOutbox;
import org.idnet.identity.domain.EventType;
import org.idnet.identity.domain.OutboxEvent;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox in PostgreSQL ({@code V10__event_outbox.sql}), written by the stores through
 * {@link OutboxRows}. The platform's account id is opened from the accounts row when an event is
 * read: the outbox itself holds none.
 */
public final class JdbcEventOutbox implements EventOutbox {

  private final JdbcClient jdbc;
  private final AccountIds accountIds;

  public JdbcEventOutbox(DataSource dataSource, BlindIndex blindIndex, FieldCipher cipher) {
    this.jdbc = JdbcClient.create(dataSource);
    this.accountIds = new AccountIds(blindIndex, cipher);
  }

  @Override
  public List<OutboxEvent> read(int limit) {
    return StoreErrors.translate(() -> jdbc.sql("""
            SELECT o.position, o.event_id, o.type, o.reason, o.occurred_at,
                   a.id AS account, a.platform_id, a.account_id_ciphertext
            FROM event_outbox o JOIN accounts a ON a.id = o.account
            ORDER BY o.position LIMIT ?""")
        .param(limit)
        .query((rs, n) -> new OutboxEvent(rs.getLong("position"), rs.getObject("event_id", UUID.class),
            EventType.ofCode(rs.getString("type")),
            accountIds.decrypt(rs.getString("platform_id"), rs.getBytes("account_id_ciphertext"),
                rs.getObject("account", UUID.class)),
            rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
            Optional.ofNullable(rs.getString("reason"))))
        .list());
  }

  @Override
  public void acknowledge(List<Long> positions) {
    StoreErrors.translate(() -> jdbc.sql("DELETE FROM event_outbox WHERE position = ANY (?)")
        .param(positions.toArray(Long[]::new))
        .update());
  }
}
