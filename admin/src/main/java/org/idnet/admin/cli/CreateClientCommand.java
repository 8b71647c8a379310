package org.idnet.admin.cli;

import java.util.concurrent.Callable;
import org.idnet.admin.denylist.RedisDenyList;
import org.idnet.admin.keycloak.KeycloakClients;
import org.idnet.admin.onboarding.ApiRole;
import org.idnet.admin.onboarding.ClientId;
import org.idnet.admin.onboarding.Created;
import org.idnet.admin.onboarding.Onboarding;
import org.idnet.admin.onboarding.ServiceClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** create-platform, create-carrier, create-auditor: one client, one role, the secret printed once. */
abstract class CreateClientCommand implements Callable<Integer> {

  private final Console console;
  private final ApiRole role;

  @Parameters(index = "0", paramLabel = "<id>", description = "The client id, the token's azp (2-63 of a-z, 0-9, '-').")
  String id;

  @Option(names = "--name", paramLabel = "NAME", description = "A display name for the admin console (default: the id).")
  String name;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  RedisOptions redis;

  @Mixin
  CommonOptions common;

  CreateClientCommand(Console console, ApiRole role) {
    this.console = console;
    this.role = role;
  }

  @Override
  public Integer call() {
    ServiceClient client = ServiceClient.of(new ClientId(id), name, role);
    RedisDenyList denyList = console.denyList(redis); // a bad Redis URL is refused before Keycloak is asked
    try (KeycloakClients keycloak = console.keycloak(connection)) {
      Created created = new Onboarding(keycloak, denyList, console::say).create(client);
      console.result(created.secret().value());
      console.say("created " + role.roleName() + " '" + id + "': client " + id + ", service account service-account-" + id
          + " with role " + role.roleName() + ". Its secret is on standard output, shown this once.");
    }
    return ExitCodes.OK;
  }
}
