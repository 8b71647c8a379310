package org.idnet.admin.cli;

import java.util.concurrent.Callable;
import org.idnet.admin.denylist.RedisDenyList;
import org.idnet.admin.keycloak.KeycloakClients;
import org.idnet.admin.onboarding.ClientId;
import org.idnet.admin.onboarding.ClientSuspension;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** disable and enable: Keycloak first, then the gateways' deny-list. */
abstract class SuspensionCommand implements Callable<Integer> {

  private final Console console;

  @Parameters(index = "0", paramLabel = "<client-id>", description = "The client to change.")
  String id;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  RedisOptions redis;

  @Mixin
  CommonOptions common;

  SuspensionCommand(Console console) {
    this.console = console;
  }

  abstract long change(ClientSuspension suspension, ClientId client);

  abstract String done(long gateways);

  @Override
  public Integer call() {
    ClientId client = new ClientId(id);
    RedisDenyList denyList = console.denyList(redis); // a bad Redis URL is refused before Keycloak is changed
    try (KeycloakClients keycloak = console.keycloak(connection)) {
      long gateways = change(new ClientSuspension(keycloak, denyList), client);
      console.say(done(gateways) + (gateways == 0
          ? " No gateway was listening just now; gateways read the deny-list when they start." : ""));
    }
    return ExitCodes.OK;
  }
}
