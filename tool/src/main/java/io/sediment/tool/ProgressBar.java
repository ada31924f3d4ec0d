package io.sediment.tool;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar redrawn in place with a carriage return. Drawn only when enabled (the
 * caller enables it when standard error is a terminal), so logs and pipes stay clean.
 */
final class ProgressBar {

  private static final int WIDTH = 40;

  private final PrintStream err;
  private final boolean enabled;
  private final String label;
  private final long total;

  ProgressBar(PrintStream err, boolean enabled, String label, long total) {
    this.err = err;
    this.enabled = enabled;
    this.label = label;
    this.total = Math.max(1, total);
  }

  /**
   * Redraws the bar every {@code periodMillis} from {@code done} until {@code finished} returns
   * true, in a daemon thread; returns the thread (join it after the work).
   */
  Thread start(LongSupplier done, java.util.function.BooleanSupplier finished, long periodMillis) {
    Thread t =
        new Thread(
            () -> {
              while (!finished.getAsBoolean()) {
                draw(done.getAsLong());
                try {
                  Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
              }
              draw(done.getAsLong());
              clear();
            },
            "sediment-progress");
    t.setDaemon(true);
    if (enabled) {
      t.start();
    }
    return t;
  }

  void draw(long done) {
    if (!enabled) {
      return;
    }
    long clamped = Math.min(done, total);
    int filled = (int) (WIDTH * clamped / total);
    err.print(
        "\r"
            + label
            + " ["
            + "#".repeat(filled)
            + " ".repeat(WIDTH - filled)
            + "] "
            + (100 * clamped / total)
            + "%");
    err.flush();
  }

  void clear() {
    if (enabled) {
      err.print("\r" + " ".repeat(label.length() + WIDTH + 10) + "\r");
      err.flush();
    }
  }
}
