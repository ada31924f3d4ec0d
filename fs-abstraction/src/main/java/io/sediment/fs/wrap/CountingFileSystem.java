package io.sediment.fs.wrap;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Counts operations per kind and bytes read and written, exactly, for benchmarks and cost figures
 * (an object store bills per request and per byte).
 *
 * <p>An operation is counted when it is issued, whether or not it succeeds (a failed lookup is
 * still a request); bytes are counted as they are actually transferred. Thread-safe; the counters
 * are exact once concurrent operations have returned.
 */
public class CountingFileSystem extends InterceptingFileSystem {

  private final AtomicLongArray ops = new AtomicLongArray(FsOp.values().length);
  private final AtomicLong bytesRead = new AtomicLong();
  private final AtomicLong bytesWritten = new AtomicLong();

  /** For selection by URI; see {@link WrapperSchemes}. */
  public CountingFileSystem() {}

  /** Decorates {@code inner}. */
  public CountingFileSystem(FileSystem inner) {
    super(inner);
  }

  @Override
  protected void beforeOp(FsOp op, Path path, long bytes) {
    ops.incrementAndGet(op.ordinal());
  }

  @Override
  protected void afterOp(FsOp op, Path path, long bytes) {
    if (op == FsOp.READ) {
      bytesRead.addAndGet(bytes);
    } else if (op == FsOp.WRITE) {
      bytesWritten.addAndGet(bytes);
    }
  }

  /** Operations of kind {@code op} issued so far. */
  public long ops(FsOp op) {
    return ops.get(op.ordinal());
  }

  /** Bytes returned by read calls so far. */
  public long bytesRead() {
    return bytesRead.get();
  }

  /** Bytes accepted by write calls so far. */
  public long bytesWritten() {
    return bytesWritten.get();
  }

  /** A copy of the operation counters, every kind present. */
  public Map<FsOp, Long> opCounts() {
    Map<FsOp, Long> copy = new EnumMap<>(FsOp.class);
    for (FsOp op : FsOp.values()) {
      copy.put(op, ops(op));
    }
    return copy;
  }

  /** Sets every counter back to zero. */
  public void resetCounts() {
    for (int i = 0; i < ops.length(); i++) {
      ops.set(i, 0);
    }
    bytesRead.set(0);
    bytesWritten.set(0);
  }
}
