package io.sediment.fuzz.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link CrashWorkload} running in its own JVM (the current {@code java} binary, the current
 * class path), and the parent's view of it: a reader thread feeds its stdout into a {@link
 * Progress}, and {@link #kill} ends it with SIGKILL ({@link ProcessHandle#destroyForcibly()} on
 * Linux), so nothing in the process gets to run a shutdown hook, flush a buffer or close a file.
 */
public final class WorkloadProcess {

  /** Small heap and a quick-starting JIT: the process lives for a second or two. */
  private static final List<String> JVM_FLAGS =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");

  /** The exit status Java reports for a process ended by SIGKILL (128 + 9). */
  private static final int KILLED_STATUS = 137;

  private final Process process;
  private final Path stderr;
  private final Thread reader;
  private final Progress progress = new Progress();
  private boolean outputEnded;
  private RuntimeException badOutput;

  private WorkloadProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.reader = new Thread(this::readOutput, "crash-workload-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts the workload of {@code spec}; its stderr goes to {@code stderr}.
   *
   * @throws IOException if the JVM cannot be started
   */
  public static WorkloadProcess start(WorkloadSpec spec, Path stderr) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JVM_FLAGS);
    cmd.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CrashWorkload.class.getName());
    cmd.addAll(spec.toArgs());
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    return new WorkloadProcess(p, stderr);
  }

  private void readOutput() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        synchronized (this) {
          try {
            progress.accept(line);
          } catch (RuntimeException e) {
            if (badOutput == null) {
              badOutput = e;
            }
          }
          notifyAll();
        }
      }
    } catch (IOException e) {
      synchronized (this) {
        if (badOutput == null) {
          badOutput = new IllegalStateException("cannot read the workload's output: " + e, e);
        }
      }
    } finally {
      synchronized (this) {
        outputEnded = true;
        notifyAll();
      }
    }
  }

  /**
   * Waits until {@code killNow} holds for the progress so far, or the workload went idle. The
   * timeout only guards against a hung process.
   *
   * @throws IllegalStateException if the process ended by itself, wrote malformed progress, or
   *     neither happened within {@code hangGuard}
   */
  public synchronized void awaitUntil(Predicate<Progress> killNow, Duration hangGuard)
      throws InterruptedException {
    long deadline = System.nanoTime() + hangGuard.toNanos();
    while (!killNow.test(progress) && !progress.idle()) {
      checkHealthy();
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException(
            "workload made no progress to the kill point within " + hangGuard + ": " + progress);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    checkHealthy();
  }

  private void checkHealthy() {
    if (badOutput != null) {
      throw badOutput;
    }
    if (outputEnded) {
      throw new IllegalStateException("workload ended by itself: " + progress);
    }
  }

  /**
   * Lets the process run {@code delayMillis} longer, kills it with SIGKILL, waits for it and for
   * the rest of its output, and returns everything it reported.
   *
   * @throws IllegalStateException if it ended by itself before the kill, or wrote malformed
   *     progress
   */
  public Progress kill(int delayMillis) throws InterruptedException {
    if (delayMillis > 0 && process.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
      reader.join();
      throw new IllegalStateException(
          "workload ended by itself (status " + process.exitValue() + "): " + progress());
    }
    // Through the handle: Process.destroyForcibly() would also close our end of the pipe and lose
    // the lines the process wrote just before it died.
    process.toHandle().destroyForcibly();
    int status = process.waitFor();
    reader.join();
    if (status != KILLED_STATUS) {
      throw new IllegalStateException(
          "workload ended by itself (status " + status + ") before the kill: " + progress());
    }
    synchronized (this) {
      if (badOutput != null) {
        throw badOutput;
      }
      return progress;
    }
  }

  /** Kills the process if it still runs (cleanup after a failure). */
  public void destroy() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** The progress read so far. */
  public synchronized Progress progress() {
    return progress;
  }

  /** Where the process's stderr goes. */
  public Path stderr() {
    return stderr;
  }

  public long pid() {
    return process.pid();
  }
}
