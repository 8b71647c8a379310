package org.idnet.keysets.tool;

import java.util.concurrent.Callable;
import org.idnet.keysets.KeysetLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The key ids of every keyset of a service, the primary marked: what 'promote' needs, no key material. */
@Command(name = "list", sortOptions = false,
    description = {"Prints the key ids of each keyset of a service (the primary marked), reading the directory "
        + "as the service does. Prints no key material."})
final class ListCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
  boolean help;

  @Mixin
  ServiceOption service;

  @Mixin
  KmsOptions keys;

  @Override
  public Integer call() {
    KeysetLayout layout = service.layout();
    keys.open(layout, false).load().forEach((keyset, handle) ->
        spec.commandLine().getOut().println(keyset.fileName() + ": " + KeyIds.describe(handle)));
    return KeysetTool.OK;
  }
}
