package org.idnet.admin.cli;

import picocli.CommandLine.Option;

/** Options of every command. */
final class CommonOptions {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--verbose", description = "On failure, also print the stack trace; show library logs.")
  boolean verbose;
}
