package io.sediment.snapshot;

import io.sediment.fs.wrap.CountingFileSystem;
import io.sediment.fs.wrap.FsOp;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.Path;

/**
 * The counting wrapper, also adding the bytes every instance writes to one total: a store, its
 * restore and the checkpoint storage's leases each open their own file-system instance, and a cost
 * figure needs all of them. Selected by setting {@code fs.counting+<scheme>.impl} to this class.
 */
public final class TotalCountingFileSystem extends CountingFileSystem {

  private static final AtomicLong WRITTEN = new AtomicLong();

  /** For selection by URI. */
  public TotalCountingFileSystem() {}

  @Override
  protected void afterOp(FsOp op, Path path, long bytes) {
    super.afterOp(op, path, bytes);
    if (op == FsOp.WRITE) {
      WRITTEN.addAndGet(bytes);
    }
  }

  /** Bytes written through every instance since the last {@link #resetTotal()}. */
  static long totalWritten() {
    return WRITTEN.get();
  }

  static void resetTotal() {
    WRITTEN.set(0);
  }
}
