package org.idnet.admin.cli;

import java.io.PrintStream;
import java.util.Map;
import org.idnet.admin.denylist.RedisDenyList;
import org.idnet.admin.keycloak.KeycloakClients;

/**
 * What a command runs with: the environment, and the two outputs. Standard output carries only what
 * a script captures (secrets, or the deny-list's ids, one per line); everything said to the operator
 * goes to standard error.
 */
final class Console {

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  Console(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = Map.copyOf(env);
    this.out = out;
    this.err = err;
  }

  KeycloakClients keycloak(ConnectionOptions options) {
    return KeycloakClients.connect(options.resolve(env));
  }

  RedisDenyList denyList(RedisOptions options) {
    return new RedisDenyList(options.resolve(env), options.trustFile(env));
  }

  /** A line for scripts (a secret, an id): flushed at once, so it is out even if a later step fails. */
  void result(String line) {
    out.println(line);
    out.flush();
  }

  void say(String line) {
    err.println("idnet-admin: " + line);
    err.flush();
  }
}
