package io.sediment.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sediment} command: {@code demo}, {@code bench}, {@code nexmark}, {@code sst-dump},
 * {@code manifest-dump}, {@code checkpoint-info}, {@code verify}, {@code compaction-worker} and
 * {@code help}, one class per command.
 *
 * <p>Exit codes: {@value #OK} on success, {@value #FAILED} when the command ran but failed (the
 * message names the file or URI), {@value #USAGE} for a bad command line (the usage text is
 * printed).
 */
public final class Main {

  /** Success. */
  public static final int OK = 0;

  /** The command failed while running. */
  public static final int FAILED = 1;

  /** The command line was wrong. */
  public static final int USAGE = 2;

  /** System property naming the repository root; the launcher script sets it. */
  public static final String HOME_PROPERTY = "sediment.home";

  private Main() {}

  /** Runs the command and exits the JVM with its exit code. */
  public static void main(String[] args) {
    int code = run(args, System.out, System.err, Terminal.stderrIsTerminal());
    System.out.flush();
    // Exit explicitly: Hadoop client threads must not keep the JVM alive.
    System.exit(code);
  }

  /** As {@link #run(String[], PrintStream, PrintStream, boolean)} without a terminal. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, false);
  }

  /**
   * Runs the command line {@code args}, printing to {@code out} and {@code err}; returns the exit
   * code.
   *
   * @param terminal whether {@code err} is a terminal (progress bars are drawn only then)
   */
  static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
    Map<String, Command> commands = commands(terminal);
    if (args == null || args.length == 0) {
      return usageError(err, commands, "no command given");
    }
    String name = args[0];
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    if (name.equals("help") || name.equals("-h") || name.equals("--help")) {
      if (!rest.isEmpty()) {
        return usageError(err, commands, "help takes no arguments, got " + rest);
      }
      out.println(usageText(commands));
      return OK;
    }
    Command command = commands.get(name);
    if (command == null) {
      return usageError(err, commands, "unknown command '" + name + "'");
    }
    try {
      return command.run(rest, out, err);
    } catch (UsageException e) {
      err.println("sediment " + name + ": " + e.getMessage());
      err.println("usage:");
      err.println(command.usage());
      return USAGE;
    } catch (IOException | RuntimeException e) {
      String message = e.getMessage() != null ? e.getMessage() : e.toString();
      err.println("sediment " + name + " failed: " + message);
      return FAILED;
    }
  }

  private static Map<String, Command> commands(boolean terminal) {
    Map<String, Command> commands = new LinkedHashMap<>();
    for (Command c :
        new Command[] {
          new DemoCommand(System::nanoTime),
          new BenchCommand(System::nanoTime, terminal),
          new NexmarkCommand(System::nanoTime, terminal),
          new SstDumpCommand(),
          new ManifestDumpCommand(),
          new CheckpointInfoCommand(),
          new VerifyCommand(),
          new CompactionWorkerCommand()
        }) {
      commands.put(c.name(), c);
    }
    return commands;
  }

  static String usageText() {
    return usageText(commands(false));
  }

  private static String usageText(Map<String, Command> commands) {
    StringBuilder sb = new StringBuilder();
    String nl = System.lineSeparator();
    sb.append("usage: sediment <command> [arguments]").append(nl).append(nl);
    sb.append("commands:").append(nl);
    for (Command c : commands.values()) {
      sb.append(c.usage()).append(nl);
    }
    sb.append("  help").append(nl).append("      print this text").append(nl).append(nl);
    sb.append("exit codes: 0 success, 1 the command failed, 2 bad command line");
    return sb.toString();
  }

  private static int usageError(PrintStream err, Map<String, Command> commands, String message) {
    err.println("sediment: " + message);
    err.println(usageText(commands));
    return USAGE;
  }
}
