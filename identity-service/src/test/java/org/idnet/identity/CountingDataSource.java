package org.idnet.identity;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The real database, counting the SQL statements sent to it: how tests show that the hot path asks
 * one query for a whole batch, and none at all when the cache answers.
 */
public final class CountingDataSource extends DelegatingDataSource {

  private final AtomicInteger statements = new AtomicInteger();

  public CountingDataSource(DataSource target) {
    super(target);
  }

  public int statements() {
    return statements.get();
  }

  public void reset() {
    statements.set(0);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return counting(super.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return counting(super.getConnection(username, password));
  }

  private Connection counting(Connection connection) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("prepareStatement") || method.getName().equals("createStatement")
              || method.getName().equals("prepareCall")) {
            statements.incrementAndGet();
          }
          try {
            return method.invoke(connection, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
