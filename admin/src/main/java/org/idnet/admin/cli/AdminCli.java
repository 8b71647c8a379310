package org.idnet.admin.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.idnet.admin.onboarding.OnboardingException;
import picocli.CommandLine;

/**
 * The command line: parses, runs one command, and turns its outcome into an exit code and a message
 * on standard error (a stack trace only with {@code --verbose}). Callable in-process with its own
 * environment and outputs, which is how the tests drive it.
 */
public final class AdminCli {

  private AdminCli() {
  }

  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    quietLibraries(verbose);
    Console console = new Console(env, out, err);
    CommandLine line = new CommandLine(new RootCommand())
        .addSubcommand(new CreatePlatformCommand(console))
        .addSubcommand(new CreateCarrierCommand(console))
        .addSubcommand(new CreateAuditorCommand(console))
        .addSubcommand(new CreateAgencyCommand(console))
        .addSubcommand(new RotateSecretCommand(console))
        .addSubcommand(new DisableCommand(console))
        .addSubcommand(new EnableCommand(console))
        .addSubcommand(new DeniedCommand(console));
    line.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    line.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    line.setUsageHelpWidth(120);
    line.setParameterExceptionHandler((e, arguments) -> {
      console.say(e.getMessage());
      console.say("see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
      return ExitCodes.USAGE;
    });
    line.setExecutionExceptionHandler((e, command, parsed) -> {
      if (e instanceof OnboardingException known) {
        console.say(known.getMessage());
        trace(verbose, e, err);
        return ExitCodes.of(known.problem());
      }
      console.say("failed: " + e);
      trace(verbose, e, err);
      return ExitCodes.FAILED;
    });
    return line.execute(args);
  }

  private static void trace(boolean verbose, Exception e, PrintStream err) {
    if (verbose) {
      e.printStackTrace(err);
    }
  }

  /**
   * RESTEasy, jboss-logging and Lettuce log through java.util.logging (slf4j-jdk14 for Lettuce): an
   * operator reads this program's own messages, the libraries' only with --verbose.
   */
  private static void quietLibraries(boolean verbose) {
    System.setProperty("org.jboss.logging.provider", "jdk");
    Level level = verbose ? Level.INFO : Level.OFF;
    Logger root = Logger.getLogger("");
    root.setLevel(level);
    for (Handler handler : root.getHandlers()) {
      handler.setLevel(level);
    }
  }
}
