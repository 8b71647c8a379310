package org.idnet.admin.cli;

import org.idnet.admin.onboarding.ClientId;
import org.idnet.admin.onboarding.ClientSuspension;
import picocli.CommandLine.Command;

@Command(name = "enable", sortOptions = false,
    header = "Reverses disable, in Keycloak and on the gateways.",
    description = {"Reverses disable: enables the client in Keycloak and takes it off the gateways' deny-list."},
    footer = {"", ExitCodes.HELP})
final class EnableCommand extends SuspensionCommand {

  EnableCommand(Console console) {
    super(console);
  }

  @Override
  long change(ClientSuspension suspension, ClientId client) {
    return suspension.enable(client);
  }

  @Override
  String done(long gateways) {
    return "enabled client '" + id + "' in Keycloak and told " + gateways + " gateway(s) to accept it again.";
  }
}
