package io.sediment.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * One {@code sediment} subcommand.
 *
 * <p>A command throws {@link UsageException} for a command line it cannot run with (before doing
 * any work) and {@link IOException} naming the file or URI when the work fails; {@link Main} maps
 * them to exit codes 2 and 1.
 */
interface Command {

  /** The name typed after {@code sediment}. */
  String name();

  /** The usage lines of this command, for the help text. */
  String usage();

  /**
   * Runs the command.
   *
   * @param args the arguments after the command name
   * @param out where results go
   * @param err where progress and diagnostics go
   * @return the exit code ({@link Main#OK}, or {@link Main#FAILED} for a failure already reported)
   */
  int run(List<String> args, PrintStream out, PrintStream err) throws UsageException, IOException;
}
