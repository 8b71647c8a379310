package org.idnet.keysets.tool;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The command line: parses, runs one command, and turns its outcome into an exit code and a message
 * on standard error. Callable in process with its own outputs, which is how the tests drive it.
 */
@Command(name = "idnet-keysets",
    description = "idnet's offline keyset commands. Run 'idnet-keysets <command> --help' for a command's options.",
    subcommands = {GenerateCommand.class, AddKeyCommand.class, PromoteCommand.class, ListCommand.class,
        PublicKeysetCommand.class},
    footer = {"", "Exit codes: 0 done; 1 the keyset could not be read or written (KMS refused or unreachable, "
        + "file missing, altered or of the wrong kind); 2 bad command line."})
public final class KeysetTool implements Runnable {

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  /** Held, so that java.util.logging keeps the level set on it (it holds loggers weakly). */
  private static final Logger KEYSETS_LOG = Logger.getLogger("org.idnet.keysets");

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
  boolean help;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "no command given: one of "
        + String.join(", ", spec.subcommands().keySet()));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    // The Vault driver logs through java.util.logging: operators read this program's messages only.
    Logger.getLogger("").setLevel(Level.WARNING);
    // The keysets library's own warnings speak of service settings; each command says what it did.
    KEYSETS_LOG.setLevel(Level.SEVERE);
    CommandLine line = new CommandLine(new KeysetTool());
    line.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    line.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    line.setUsageHelpWidth(110);
    line.setParameterExceptionHandler((e, arguments) -> {
      e.getCommandLine().getErr().println("idnet-keysets: " + e.getMessage());
      e.getCommandLine().getErr().println("see '" + e.getCommandLine().getCommandSpec().qualifiedName()
          + " --help'");
      return USAGE;
    });
    line.setExecutionExceptionHandler((e, command, parsed) -> {
      // Messages name the file and the setting to fix; no stack trace, no key material.
      command.getErr().println("idnet-keysets: " + e.getMessage());
      return FAILED;
    });
    return line.execute(args);
  }
}
