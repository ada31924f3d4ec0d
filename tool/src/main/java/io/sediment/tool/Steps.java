package io.sediment.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.util.function.LongSupplier;

/** Numbered, timed steps: each prints its title, how long it took, and its one-line result. */
final class Steps {

  /** A step; returns a one-line description of its result. */
  @FunctionalInterface
  interface Step {
    String run() throws IOException;
  }

  private final PrintStream out;
  private final LongSupplier nanoClock;
  private int number;

  Steps(PrintStream out, LongSupplier nanoClock) {
    this.out = out;
    this.nanoClock = nanoClock;
  }

  void section(String title) {
    out.println();
    out.println("== " + title);
  }

  void run(String title, Step step) throws IOException {
    number++;
    long start = nanoClock.getAsLong();
    String result = step.run();
    double millis = (nanoClock.getAsLong() - start) / 1e6;
    out.printf("%2d. %-66s %8.1f ms%n    %s%n", number, title, millis, result);
  }
}
