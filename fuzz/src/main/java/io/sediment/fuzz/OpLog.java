package io.sediment.fuzz;

import io.sediment.lsm.DbSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes operation logs as text files: optional {@code #} comment lines (seed,
 * configuration, the mismatch, the failing store's settings), then one op per line in the {@link
 * OpParser} format. A written log reads back to ops with the same text, so a failure's file can be
 * replayed or pasted into a regression test as is.
 */
public final class OpLog {

  private static final String SETTINGS_PREFIX = "settings: ";

  private OpLog() {}

  /** The log as text: each comment line prefixed with {@code # }, then one op per line. */
  public static String toText(List<String> comments, List<Op> ops) {
    StringBuilder sb = new StringBuilder();
    for (String c : comments) {
      for (String line : c.split("\n", -1)) {
        sb.append("# ").append(line).append('\n');
      }
    }
    for (Op op : ops) {
      sb.append(op.text()).append('\n');
    }
    return sb.toString();
  }

  /** The comment line naming a store's settings, as {@link #settings} reads it. */
  public static String settingsComment(DbSettings settings) {
    return SETTINGS_PREFIX + settings;
  }

  /**
   * The settings named by the first {@link #settingsComment} line of the log in {@code file}, if it
   * has one.
   *
   * @throws IOException naming the file when it cannot be read
   * @throws IllegalArgumentException naming the file when the settings do not parse
   */
  public static Optional<DbSettings> settings(Path file) throws IOException {
    String prefix = "# " + SETTINGS_PREFIX;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith(prefix)) {
        try {
          return Optional.of(DbSettings.parse(line.substring(prefix.length())));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Writes the log to {@code file}, creating parent directories.
   *
   * @throws IOException naming the file
   */
  public static void write(Path file, List<String> comments, List<Op> ops) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, toText(comments, ops), StandardCharsets.UTF_8);
  }

  /**
   * Reads a log file.
   *
   * @throws IOException naming the file when it cannot be read
   * @throws IllegalArgumentException naming the file and line when a line does not parse
   */
  public static List<Op> read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return OpParser.parseLog(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }
}
