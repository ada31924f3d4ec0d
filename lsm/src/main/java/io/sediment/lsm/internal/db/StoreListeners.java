package io.sediment.lsm.internal.db;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;

/**
 * Callbacks that code outside the engine attaches to one open store, to learn when the store is
 * done with a file (no live version holds it any more: nothing of the store reads it again) and
 * when the store has closed. The snapshot module uses them to end a restored store's lease on
 * checkpoint files once it no longer needs them.
 *
 * <p>Listeners run on the thread that released the file (a compaction, or a reader dropping the
 * last pin of an old version) or that closed the store, outside the engine's locks. They must be
 * quick and must not call back into the store; an exception they throw is swallowed, so a broken
 * listener cannot fail a read or a compaction. Thread-safe.
 */
public final class StoreListeners {

  private final List<Consumer<Path>> released = new CopyOnWriteArrayList<>();
  private final List<Runnable> closed = new CopyOnWriteArrayList<>();
  private volatile boolean isClosed;

  /**
   * Calls {@code listener} with the physical path of every file the store is done with from now on.
   */
  public void onFileReleased(Consumer<Path> listener) {
    if (listener == null) {
      throw new IllegalArgumentException("listener must not be null");
    }
    released.add(listener);
  }

  /**
   * Runs {@code listener} once the store has closed (after it released its files and file system),
   * or at once if it has closed already.
   */
  public void onClosed(Runnable listener) {
    if (listener == null) {
      throw new IllegalArgumentException("listener must not be null");
    }
    closed.add(listener);
    if (isClosed && closed.remove(listener)) {
      runQuietly(listener);
    }
  }

  void fileReleased(Path physical) {
    for (Consumer<Path> l : released) {
      try {
        l.accept(physical);
      } catch (RuntimeException e) {
        // See the class comment: a listener never fails the engine's work.
      }
    }
  }

  void closed() {
    isClosed = true;
    for (Runnable l : closed) {
      if (closed.remove(l)) {
        runQuietly(l);
      }
    }
  }

  private static void runQuietly(Runnable listener) {
    try {
      listener.run();
    } catch (RuntimeException e) {
      // See the class comment.
    }
  }
}
