package io.sediment.fs.wrap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileRange;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Makes any file system behave like remote storage: every operation first spends its kind's fixed
 * latency, and every read and write then spends the time its bytes take at the configured bandwidth
 * (see {@link LatencyModel}). Writes are charged per call and per byte; the round trip a DFS pays
 * to make them durable is the {@link FsOp#SYNC} and {@link FsOp#CLOSE} latency.
 *
 * <p>The time is spent through a {@link Sleeper} on the calling thread, so a test can pass a
 * recording one and assert exactly what was injected. {@link #injectedNanos()} totals it as well.
 *
 * <p>A vectored read ({@code readVectored}) is one request whose ranges the store serves together,
 * as an object store serves parallel ranged GETs: it costs one {@link FsOp#READ} latency plus the
 * transfer time of all its bytes, once. With the real sleeper no thread waits for it: the caller
 * reads the ranges from the inner file system and returns, and a timer thread completes their
 * futures when that time has passed. With any other sleeper the time is spent on the calling
 * thread, then the ranges are read, before the call returns.
 *
 * <p>By URI ({@code latency+<scheme>://...}) the model comes from the configuration keys of {@link
 * LatencyModel} and time is really slept; {@link #setModel} changes it afterwards. Thread-safe.
 */
public class LatencyFileSystem extends InterceptingFileSystem {

  private volatile LatencyModel model = LatencyModel.none();
  private volatile Sleeper sleeper = Sleeper.SYSTEM;
  private final AtomicLong injectedNanos = new AtomicLong();

  /** For selection by URI; see {@link WrapperSchemes}. */
  public LatencyFileSystem() {}

  /** Decorates {@code inner}, charging {@code model} through {@code sleeper}. */
  public LatencyFileSystem(FileSystem inner, LatencyModel model, Sleeper sleeper) {
    super(inner);
    setModel(model);
    setSleeper(sleeper);
  }

  @Override
  protected void configure(Configuration conf) {
    setModel(LatencyModel.fromConfiguration(conf));
  }

  /** Replaces the latency model for operations that start from now on. */
  public void setModel(LatencyModel model) {
    if (model == null) {
      throw new IllegalArgumentException("latency model must not be null");
    }
    this.model = model;
  }

  /** Replaces the sleeper. */
  public void setSleeper(Sleeper sleeper) {
    if (sleeper == null) {
      throw new IllegalArgumentException("sleeper must not be null");
    }
    this.sleeper = sleeper;
  }

  /** The current model. */
  public LatencyModel model() {
    return model;
  }

  /** Total time injected so far, in nanoseconds. */
  public long injectedNanos() {
    return injectedNanos.get();
  }

  @Override
  protected boolean overlapsVectoredReads() {
    return true;
  }

  @Override
  protected void readVectored(
      Path path,
      FSDataInputStream in,
      List<? extends FileRange> ranges,
      IntFunction<ByteBuffer> allocate)
      throws IOException {
    LatencyModel m = model;
    long nanos = m.opNanos(FsOp.READ) + m.transferNanos(VectoredReads.totalBytes(ranges));
    Sleeper s = sleeper;
    if (nanos <= 0 || s != Sleeper.SYSTEM) {
      spend(nanos);
      VectoredReads.readInline(in, ranges, allocate);
      return;
    }
    injectedNanos.addAndGet(nanos);
    VectoredReads.attachFutures(ranges);
    // The bytes are read now, by the caller: what they cost stands for the client's share of a
    // transfer, and one timer thread reading every range of every caller would be a bottleneck no
    // remote store has. Only the completions wait for the latency.
    Object[] results = VectoredReads.read(in, ranges, allocate);
    try {
      LatencyTimer.schedule(nanos, () -> VectoredReads.complete(ranges, results));
    } catch (RuntimeException e) {
      VectoredReads.failAll(ranges, e);
    }
  }

  @Override
  protected void beforeOp(FsOp op, Path path, long bytes) throws IOException {
    spend(model.opNanos(op));
  }

  @Override
  protected void afterOp(FsOp op, Path path, long bytes) throws IOException {
    if (op == FsOp.READ || op == FsOp.WRITE) {
      spend(model.transferNanos(bytes));
    }
  }

  private void spend(long nanos) throws IOException {
    if (nanos > 0) {
      injectedNanos.addAndGet(nanos);
      sleeper.sleepNanos(nanos);
    }
  }
}
