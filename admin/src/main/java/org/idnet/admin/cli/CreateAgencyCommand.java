package org.idnet.admin.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.idnet.admin.denylist.RedisDenyList;
import org.idnet.admin.keycloak.KeycloakClients;
import org.idnet.admin.onboarding.Agency;
import org.idnet.admin.onboarding.AgencyId;
import org.idnet.admin.onboarding.Created;
import org.idnet.admin.onboarding.Onboarding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "create-agency", sortOptions = false,
    header = "Creates an agency's officer and supervisor clients, all or nothing; prints their secrets once.",
    description = {"Creates an agency's clients, all or nothing: officers <agency>-officer-<n> (role agency-officer) and",
        "supervisors <agency>-supervisor-<n> (role agency-supervisor), each a service account whose tokens carry",
        "agency_id=<agency>. Prints '<client-id> <secret>' per client on standard output, once."},
    footer = {"", ExitCodes.HELP})
final class CreateAgencyCommand implements Callable<Integer> {

  private final Console console;

  @Parameters(index = "0", paramLabel = "<agency-id>", description = "The agency id, the agency_id claim (2-63 of a-z, 0-9, '-').")
  String agencyId;

  @Option(names = "--officers", paramLabel = "N", defaultValue = "1",
      description = "How many officer clients (1-" + Agency.MAX_PER_ROLE + "; default ${DEFAULT-VALUE}).")
  int officers;

  @Option(names = "--supervisors", paramLabel = "M", defaultValue = "1",
      description = "How many supervisor clients (1-" + Agency.MAX_PER_ROLE + "; default ${DEFAULT-VALUE}).")
  int supervisors;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  RedisOptions redis;

  @Mixin
  CommonOptions common;

  CreateAgencyCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    Agency agency = new Agency(new AgencyId(agencyId), officers, supervisors);
    agency.clients(); // checks every client id before connecting
    RedisDenyList denyList = console.denyList(redis); // a bad Redis URL is refused before Keycloak is asked
    try (KeycloakClients keycloak = console.keycloak(connection)) {
      List<Created> created = new Onboarding(keycloak, denyList, console::say).createAgency(agency);
      created.forEach(c -> console.result(c.id().value() + " " + c.secret().value()));
      console.say("created agency '" + agencyId + "': " + officers + " officer(s), " + supervisors
          + " supervisor(s). Their secrets are on standard output, shown this once.");
    }
    return ExitCodes.OK;
  }
}
