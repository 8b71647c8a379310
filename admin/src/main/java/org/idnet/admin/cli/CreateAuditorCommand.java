package org.idnet.admin.cli;

import org.idnet.admin.onboarding.ApiRole;
import picocli.CommandLine.Command;

@Command(name = "create-auditor", sortOptions = false,
    header = "Creates an auditor (role auditor) and prints its secret once.",
    description = {"Creates an auditor (role auditor): reads and verifies the audit log: a confidential client with a service account, the client-credentials grant only.",
        "Prints its generated secret on standard output, once."},
    footer = {"", ExitCodes.HELP})
final class CreateAuditorCommand extends CreateClientCommand {

  CreateAuditorCommand(Console console) {
    super(console, ApiRole.AUDITOR);
  }
}
