package io.sediment.tool;

/**
 * Whether standard error is a terminal, which decides whether progress bars are drawn. Java cannot
 * ask that of standard error itself, so the {@code ./sediment} launcher tells it ({@code [ -t 2 ]})
 * through the {@value #STDERR_PROPERTY} system property; without it (the jar run directly), a
 * console, i.e. interactive standard input and output, stands in for it.
 */
final class Terminal {

  /** System property the launcher sets to {@code true} or {@code false}. */
  static final String STDERR_PROPERTY = "sediment.stderr.terminal";

  private Terminal() {}

  /** For this process: the launcher's word, else whether the JVM has a console. */
  static boolean stderrIsTerminal() {
    return decide(System.getProperty(STDERR_PROPERTY), System.console() != null);
  }

  /**
   * {@code launcherSays} when it is {@code true} or {@code false} (any case); otherwise {@code
   * consolePresent}.
   */
  static boolean decide(String launcherSays, boolean consolePresent) {
    if (launcherSays != null) {
      if (launcherSays.equalsIgnoreCase("true")) {
        return true;
      }
      if (launcherSays.equalsIgnoreCase("false")) {
        return false;
      }
    }
    return consolePresent;
  }
}
