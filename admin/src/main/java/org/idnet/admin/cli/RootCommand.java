package org.idnet.admin.cli;

import java.util.concurrent.Callable;
import org.idnet.loopback.Loopback;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "idnet-admin",
    description = {"Onboards idnet's clients in Keycloak: platforms, carriers, auditors and agencies; rotates their",
        "secrets; disables and enables them (in Keycloak and on the gateways' deny-list), and lists that deny-list.",
        "Run 'idnet-admin <command> --help' for a command's options."},
    footer = {"",
        "Settings (options of each command, or environment variables):",
        "  IDNET_KEYCLOAK_URL (http://localhost:8180), IDNET_KEYCLOAK_REALM (idnet), IDNET_REDIS_URL or _FILE",
        "  (redis://localhost:16379; or rediss-sentinel://...#master) and IDNET_REDIS_TRUST_FILE; admin login: IDNET_KEYCLOAK_ADMIN_CLIENT + IDNET_KEYCLOAK_ADMIN_SECRET",
        "  (or _SECRET_FILE), or IDNET_KEYCLOAK_ADMIN_USER + IDNET_KEYCLOAK_ADMIN_PASSWORD (or _PASSWORD_FILE);",
        "  on the sandbox's http://localhost:8180 the sandbox's admin by default. Secrets never go on the command line,",
        "  nor in clear text over the network: Keycloak over https:// and a Redis with a password over TLS,",
        "  unless the host is this machine (" + Loopback.HOSTS + ").",
        "", ExitCodes.HELP})
final class RootCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "no command given: one of "
        + String.join(", ", spec.subcommands().keySet()));
  }
}
