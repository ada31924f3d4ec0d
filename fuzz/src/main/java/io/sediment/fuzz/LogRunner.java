package io.sediment.fuzz;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Runs a log against a store and records its {@link History}. An op that throws is recorded as
 * {@code error <Type>} (unwrapping the future and iterator wrappers: {@link CompletionException},
 * {@link ExecutionException}, {@link UncheckedIOException}), and the run goes on: a store must keep
 * working after it refused a bad request.
 *
 * <p>Errors ({@link Error}, e.g. {@link OutOfMemoryError} or a failed assertion) are not
 * observations and propagate.
 */
public final class LogRunner {

  private LogRunner() {}

  /** Runs {@code log} against {@code store}; releases the log's snapshots at the end. */
  public static History run(List<Op> log, KvStore store) {
    return run(log, store, log.size());
  }

  /** Runs the first {@code limit} ops of {@code log} against {@code store}. */
  public static History run(List<Op> log, KvStore store, int limit) {
    Execution x = new Execution(store);
    History h = new History();
    try {
      for (int i = 0; i < Math.min(limit, log.size()); i++) {
        Op op = log.get(i);
        try {
          h.add(op.execute(x), null);
        } catch (Exception e) {
          Throwable t = unwrap(e);
          h.add("error " + t.getClass().getSimpleName(), String.valueOf(t));
        }
      }
    } finally {
      x.releaseSnapshots();
    }
    return h;
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException
            || t instanceof ExecutionException
            || t instanceof UncheckedIOException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
