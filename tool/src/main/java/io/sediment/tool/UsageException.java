package io.sediment.tool;

/**
 * A command line a command cannot run with. {@link Main} prints the message and the usage text and
 * exits with {@link Main#USAGE}.
 */
final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
