package io.sediment.fs.wrap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Injects the failures a store must survive: failed operations, torn writes and crashes.
 *
 * <ul>
 *   <li><b>Failed operations.</b> {@link #failNth(long, BiPredicate)} fails the n-th matching
 *       operation from now on (once); {@link #failWhen(BiPredicate)} fails every matching one until
 *       {@link #reset()}. A failed operation throws an {@link IOException} naming the operation and
 *       the path, and does not reach the inner file system.
 *   <li><b>Durability model.</b> Bytes written reach the inner file system only when the stream is
 *       synced ({@code hflush}/{@code hsync}) or closed; until then they are held here. Streams
 *       therefore always report the {@code hsync} capability. (Readers of a file still being
 *       written see its synced prefix only; unsynced bytes are held in memory.)
 *   <li><b>Crash.</b> {@link #crash()} discards everything written but not synced: each file still
 *       being written keeps exactly its last synced length, and one never synced is removed. From
 *       then on every operation, also on streams opened before, fails until {@link #reset()}.
 *   <li><b>Torn write.</b> {@link #tearNextWrite(BiPredicate, int)}: the next matching write call
 *       lands only its first bytes; they and everything buffered before are made durable (the
 *       process "died" right after), the call throws, and the stream is dead.
 * </ul>
 *
 * <p>The predicates see the operation kind and the path. Thread-safe.
 */
public class FaultInjectingFileSystem extends InterceptingFileSystem {

  private final List<Rule> rules = new ArrayList<>();
  private final Set<CrashableOutputStream> openStreams = ConcurrentHashMap.newKeySet();
  private Tear tear;
  private boolean crashed;
  private long opCount;

  /** For selection by URI; see {@link WrapperSchemes}. */
  public FaultInjectingFileSystem() {}

  /** Decorates {@code inner}; no fault is armed until asked for. */
  public FaultInjectingFileSystem(FileSystem inner) {
    super(inner);
  }

  /** Fails the {@code n}-th operation from now on (1 = the very next), of any kind, once. */
  public void failNth(long n) {
    failNth(n, (op, path) -> true);
  }

  /**
   * Fails the {@code n}-th operation from now on that {@code matcher} accepts, once.
   *
   * @throws IllegalArgumentException if n {@literal <} 1 or matcher is null
   */
  public synchronized void failNth(long n, BiPredicate<FsOp, Path> matcher) {
    if (n < 1 || matcher == null) {
      throw new IllegalArgumentException("n must be >= 1 and matcher non-null: n=" + n);
    }
    rules.add(new Rule(matcher, n, true));
  }

  /** Fails every operation {@code matcher} accepts until {@link #reset()}. */
  public synchronized void failWhen(BiPredicate<FsOp, Path> matcher) {
    if (matcher == null) {
      throw new IllegalArgumentException("matcher must not be null");
    }
    rules.add(new Rule(matcher, 1, false));
  }

  /**
   * Tears the next write call on a path {@code matcher} accepts (the operation is {@link
   * FsOp#WRITE}): only its first {@code keepBytes} bytes land.
   *
   * @throws IllegalArgumentException if keepBytes {@literal <} 0 or matcher is null
   */
  public synchronized void tearNextWrite(BiPredicate<FsOp, Path> matcher, int keepBytes) {
    if (keepBytes < 0 || matcher == null) {
      throw new IllegalArgumentException("keepBytes must be >= 0, matcher non-null: " + keepBytes);
    }
    tear = new Tear(matcher, keepBytes);
  }

  /**
   * Simulates a process or machine crash: see the class comment. Returns when every file being
   * written has been cut back to its synced prefix.
   *
   * @throws IOException if the inner file system fails to drop a never-synced file
   */
  public void crash() throws IOException {
    synchronized (this) {
      crashed = true;
    }
    IOException failure = null;
    for (Iterator<CrashableOutputStream> it = openStreams.iterator(); it.hasNext(); ) {
      CrashableOutputStream stream = it.next();
      it.remove();
      try {
        stream.crash();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Clears the crash state and every armed fault; operations succeed again. */
  public synchronized void reset() {
    crashed = false;
    rules.clear();
    tear = null;
  }

  /** Whether {@link #crash()} was called since the last {@link #reset()}. */
  public synchronized boolean isCrashed() {
    return crashed;
  }

  /** Number of operations seen so far (failed ones included). */
  public synchronized long operationCount() {
    return opCount;
  }

  @Override
  protected synchronized void beforeOp(FsOp op, Path path, long bytes) throws IOException {
    opCount++;
    if (crashed) {
      throw new IOException("file system crashed: " + op + " of " + path + " refused until reset");
    }
    for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
      Rule rule = it.next();
      if (rule.matcher.test(op, path) && --rule.remaining <= 0) {
        if (rule.once) {
          it.remove();
        } else {
          rule.remaining = 1;
        }
        throw new IOException(
            "injected failure: " + op + " of " + path + " (operation #" + opCount + ")");
      }
    }
  }

  @Override
  protected void afterOp(FsOp op, Path path, long bytes) {}

  /** Returns how many bytes of a write of {@code length} to keep if it is to be torn, else -1. */
  synchronized int tearFor(Path path, int length) {
    if (tear != null && tear.matcher.test(FsOp.WRITE, path)) {
      int keep = Math.min(tear.keepBytes, length);
      tear = null;
      return keep;
    }
    return -1;
  }

  @Override
  protected FSDataOutputStream wrapOutput(Path path, FSDataOutputStream inner) {
    CrashableOutputStream stream = new CrashableOutputStream(this, path, inner);
    openStreams.add(stream);
    return new FSDataOutputStream(stream, null);
  }

  void streamFinished(CrashableOutputStream stream) {
    openStreams.remove(stream);
  }

  /** Deletes a file directly on the inner file system (a crash dropping a never-synced file). */
  void dropFromInner(Path path) throws IOException {
    fs.delete(path, false);
  }

  private static final class Rule {
    final BiPredicate<FsOp, Path> matcher;
    final boolean once;
    long remaining;

    Rule(BiPredicate<FsOp, Path> matcher, long remaining, boolean once) {
      this.matcher = matcher;
      this.remaining = remaining;
      this.once = once;
    }
  }

  private record Tear(BiPredicate<FsOp, Path> matcher, int keepBytes) {}
}
