package org.idnet.admin.cli;

import org.idnet.admin.onboarding.ApiRole;
import picocli.CommandLine.Command;

@Command(name = "create-platform", sortOptions = false,
    header = "Creates a platform (role platform) and prints its secret once.",
    description = {"Creates a social platform (role platform): phone verification, account checks, real names: a confidential client with a service account, the client-credentials grant only.",
        "Prints its generated secret on standard output, once."},
    footer = {"", ExitCodes.HELP})
final class CreatePlatformCommand extends CreateClientCommand {

  CreatePlatformCommand(Console console) {
    super(console, ApiRole.PLATFORM);
  }
}
