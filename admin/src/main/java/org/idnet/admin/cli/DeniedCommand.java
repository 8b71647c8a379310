package org.idnet.admin.cli;

import java.util.Set;
import java.util.concurrent.Callable;
import org.idnet.admin.denylist.RedisDenyList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "denied", sortOptions = false,
    header = "Lists the gateways' deny-list: the client ids every gateway refuses.",
    description = {"Lists the client ids on the gateways' deny-list (Redis set " + RedisDenyList.KEY + "), one a line",
        "on standard output, sorted: the clients 'disable' took out of service and 'enable' has not brought back.",
        "Such an id is refused by create-* too. Reads Redis only; Keycloak is not asked."},
    footer = {"", ExitCodes.HELP})
final class DeniedCommand implements Callable<Integer> {

  private final Console console;

  @Mixin
  RedisOptions redis;

  @Mixin
  CommonOptions common;

  DeniedCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    RedisDenyList denyList = console.denyList(redis);
    Set<String> members = denyList.members();
    members.forEach(console::result);
    console.say(members.isEmpty() ? "the gateways' deny-list is empty (Redis at " + denyList.where() + ")."
        : members.size() + " client(s) on the gateways' deny-list (Redis at " + denyList.where() + ").");
    return ExitCodes.OK;
  }
}
