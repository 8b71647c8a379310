package org.idnet.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.idnet.k8s.TrustRoles.Role;
import org.idnet.stores.LocalPostgres;

/**
 * What CloudNativePG makes of the rendered {@code Cluster}s and {@code Database}s, on one embedded
 * server: each cluster's initdb owner and database (the owner's name written into its Secret's
 * {@code username}, as CloudNativePG requires), its managed login roles with the passwords of their
 * Secrets, the extra databases, and the clusters' own {@code pg_hba} rules, so a role, database or
 * password the services use that the clusters do not grant is refused here as it would be there.
 * Only the test's superuser keeps a trust rule (it sets things up).
 */
final class LocalCloudNativePg {

  private final Manifests manifests;
  private final LocalSecretStore secrets;
  private final LocalPostgres postgres;
  private final BiPredicate<Role, String> verifiedWith;

  /** @param verifiedWith whether the pods verify PostgreSQL with the CA of that Secret */
  LocalCloudNativePg(Manifests manifests, LocalSecretStore secrets, LocalPostgres postgres,
      BiPredicate<Role, String> verifiedWith) {
    this.manifests = manifests;
    this.secrets = secrets;
    this.postgres = postgres;
    this.verifiedWith = verifiedWith;
  }

  /** Creates roles and databases and installs the clusters' pg_hba; fills {@code logins} (role → password). */
  void apply(Map<String, String> logins) {
    List<String> allow = new ArrayList<>();
    List<String> reject = new ArrayList<>();
    for (ObjectNode cluster : manifests.ofKind("Cluster")) {
      String name = Manifests.name(cluster);
      String serverCa = cluster.at("/spec/certificates/serverCASecret").asText();
      if (!serverCa.isEmpty() && !verifiedWith.test(Role.DATABASE, serverCa)) {
        throw new AssertionError("Cluster " + name + " presents a certificate of CA Secret " + serverCa
            + ", which is not the CA the pods verify PostgreSQL with");
      }
      JsonNode initdb = cluster.at("/spec/bootstrap/initdb");
      String owner = initdb.path("owner").asText();
      String ownerSecret = initdb.at("/secret/name").asText();
      secrets.put(ownerSecret, "username", owner);
      login(owner, secrets.text(ownerSecret, "password"), logins);
      database(initdb.path("database").asText(), owner);
      for (JsonNode role : cluster.at("/spec/managed/roles")) {
        if (role.path("login").asBoolean(false)) {
          String secret = role.at("/passwordSecret/name").asText();
          secrets.put(secret, "username", role.path("name").asText());
          login(role.path("name").asText(), secrets.text(secret, "password"), logins);
        }
      }
      for (JsonNode line : cluster.at("/spec/postgresql/pg_hba")) {
        (line.asText().strip().endsWith("reject") ? reject : allow).add(line.asText());
      }
    }
    for (ObjectNode database : manifests.ofKind("Database")) {
      database(database.at("/spec/name").asText(), database.at("/spec/owner").asText());
    }
    List<String> hba = new ArrayList<>(List.of("local all all trust",
        "hostssl all " + postgres.user() + " 127.0.0.1/32 trust", "hostssl all " + postgres.user() + " ::1/128 trust"));
    hba.addAll(allow);
    hba.addAll(reject);
    installHba(hba);
  }

  private void login(String role, String password, Map<String, String> logins) {
    postgres.ensureLoginRole(role, password);
    logins.put(role, password);
  }

  private void database(String name, String owner) {
    postgres.createDatabase(name);
    sql("postgres", "ALTER DATABASE " + name + " OWNER TO " + owner);
    sql(name, "ALTER SCHEMA public OWNER TO " + owner);
  }

  private void installHba(List<String> lines) {
    try (Connection c = admin("postgres"); Statement s = c.createStatement()) {
      ResultSet file = s.executeQuery("SHOW hba_file");
      file.next();
      Files.writeString(Path.of(file.getString(1)), String.join("\n", lines) + "\n");
      s.execute("SELECT pg_reload_conf()");
      ResultSet errors = s.executeQuery("SELECT line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL");
      if (errors.next()) {
        throw new AssertionError("the clusters' pg_hba rules do not load: line " + errors.getInt(1) + ": "
            + errors.getString(2) + " in " + lines);
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("could not install the clusters' pg_hba rules", e);
    }
  }

  private void sql(String database, String statement) {
    try (Connection c = admin(database); Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement + ": " + e.getMessage(), e);
    }
  }

  private Connection admin(String database) throws SQLException {
    return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.user(), postgres.password());
  }
}
