package io.sediment.jmh;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a blocking wait costs this machine in CPU: {@code threads} threads do nothing but sleep
 * {@code micros} at a time for {@code seconds}, and the process's CPU time is divided by the number
 * of sleeps. Every remote read on {@code latency+file://} (and on any blocking remote client) is
 * such a wait: the reader's thread blocks and is woken again, two context switches, whatever the
 * read itself costs. The figure bounds how many remote reads a second a machine can wait for:
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.sediment.jmh.BlockingWaitCost 64 1000 10
 * </pre>
 *
 * Exit code 2 with a usage message for a bad argument.
 */
public final class BlockingWaitCost {

  private BlockingWaitCost() {}

  public static void main(String[] args) throws InterruptedException {
    int threads;
    int micros;
    int seconds;
    try {
      if (args.length != 3) {
        throw new IllegalArgumentException("expected 3 arguments, got " + args.length);
      }
      threads = positive("threads", args[0]);
      micros = positive("sleep micros", args[1]);
      seconds = positive("seconds", args[2]);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: BlockingWaitCost <threads> <sleep micros> <seconds>");
      System.exit(2);
      return;
    }
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    LongAdder waits = new LongAdder();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    Thread[] sleepers = new Thread[threads];
    long cpuBefore = os.getProcessCpuTime();
    for (int i = 0; i < threads; i++) {
      sleepers[i] =
          new Thread(
              () -> {
                while (System.nanoTime() < deadline) {
                  try {
                    Thread.sleep(micros / 1000, (micros % 1000) * 1000);
                  } catch (InterruptedException e) {
                    return;
                  }
                  waits.increment();
                }
              });
      sleepers[i].start();
    }
    for (Thread t : sleepers) {
      t.join();
    }
    long cpuNanos = os.getProcessCpuTime() - cpuBefore;
    System.out.printf(
        Locale.ROOT,
        "%d threads sleeping %d us for %d s: %,d waits (%,.0f a second), %.1f us of CPU per wait,"
            + " %.2f cores busy%n",
        threads,
        micros,
        seconds,
        waits.sum(),
        waits.sum() / (double) seconds,
        cpuNanos / 1000.0 / Math.max(1, waits.sum()),
        cpuNanos / (seconds * 1e9));
  }

  private static int positive(String name, String value) {
    int v;
    try {
      v = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number: '" + value + "'");
    }
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + v);
    }
    return v;
  }
}
