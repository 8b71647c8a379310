package org.idnet.admin.cli;

import org.idnet.admin.denylist.RedisDenyList;
import org.idnet.admin.onboarding.ClientId;
import org.idnet.admin.onboarding.ClientSuspension;
import picocli.CommandLine.Command;

@Command(name = "disable", sortOptions = false,
    header = "Disables a client in Keycloak and on every gateway (deny-list): refused within seconds.",
    description = {"Disables a client in Keycloak (no new tokens) and puts it on the gateways' deny-list (Redis set and",
        "channel " + RedisDenyList.KEY + "), so every gateway refuses its tokens within seconds",
        "instead of when they expire. Running it again is harmless (and completes an interrupted run)."},
    footer = {"", ExitCodes.HELP})
final class DisableCommand extends SuspensionCommand {

  DisableCommand(Console console) {
    super(console);
  }

  @Override
  long change(ClientSuspension suspension, ClientId client) {
    return suspension.disable(client);
  }

  @Override
  String done(long gateways) {
    return "disabled client '" + id + "' in Keycloak and told " + gateways + " gateway(s) to refuse it.";
  }
}
