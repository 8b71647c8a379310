package org.idnet.admin.cli;

import org.idnet.admin.onboarding.ApiRole;
import picocli.CommandLine.Command;

@Command(name = "create-carrier", sortOptions = false,
    header = "Creates a carrier (role carrier) and prints its secret once.",
    description = {"Creates a mobile carrier (role carrier): reports disconnected, reassigned and ported numbers: a confidential client with a service account, the client-credentials grant only.",
        "Prints its generated secret on standard output, once."},
    footer = {"", ExitCodes.HELP})
final class CreateCarrierCommand extends CreateClientCommand {

  CreateCarrierCommand(Console console) {
    super(console, ApiRole.CARRIER);
  }
}
