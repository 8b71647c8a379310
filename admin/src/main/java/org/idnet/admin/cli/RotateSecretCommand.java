package org.idnet.admin.cli;

import java.util.concurrent.Callable;
import org.idnet.admin.keycloak.KeycloakClients;
import org.idnet.admin.onboarding.ClientId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "rotate-secret", sortOptions = false,
    header = "Gives a client a new secret, prints it once; the old one is refused.",
    description = {"Gives a client a new generated secret and prints it on standard output, once. The old secret is refused",
        "from now on; tokens already issued with it stay valid until they expire (at most 5 minutes)."},
    footer = {"", ExitCodes.HELP})
final class RotateSecretCommand implements Callable<Integer> {

  private final Console console;

  @Parameters(index = "0", paramLabel = "<client-id>", description = "The client whose secret to replace.")
  String id;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  CommonOptions common;

  RotateSecretCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    ClientId client = new ClientId(id);
    try (KeycloakClients keycloak = console.keycloak(connection)) {
      console.result(keycloak.rotateSecret(client).value());
      console.say("new secret for client '" + id + "' on standard output, shown this once; the old one is refused.");
    }
    return ExitCodes.OK;
  }
}
