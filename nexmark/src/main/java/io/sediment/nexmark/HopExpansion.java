package io.sediment.nexmark;

import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.SplitReader;
import java.io.IOException;

/**
 * Bids of a source, each repeated once per sliding window it falls in: a {@link WindowedBid} per
 * window, so that a job keyed by window sees every bid of each window. The offset of a split counts
 * windows: {@code base * windowsPerBid + emitted}, where {@code base} is the underlying offset
 * before the current bid and {@code emitted} the number of its windows already returned, so replay
 * resumes in the middle of a bid's windows.
 */
final class HopExpansion implements Source<WindowedBid> {

  private final Source<Event> bids;
  private final long size;
  private final long slide;
  private final int perBid;

  /**
   * Bids of {@code bids} (other events are skipped) in windows of {@code size} every {@code slide}.
   */
  HopExpansion(Source<Event> bids, long size, long slide) {
    if (slide < 1 || size < slide || size % slide != 0) {
      throw new IllegalArgumentException(
          "a window size must be a positive multiple of the slide: " + size + ", " + slide);
    }
    this.bids = new FilteredSource<>(bids, e -> e instanceof Bid);
    this.size = size;
    this.slide = slide;
    this.perBid = (int) (size / slide);
  }

  /** The start of the latest window holding {@code time}. */
  static long lastStart(long time, long slide) {
    return Math.floorDiv(time, slide) * slide;
  }

  @Override
  public int splits() {
    return bids.splits();
  }

  @Override
  public SplitReader<WindowedBid> open(int split, long offset) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative: " + offset);
    }
    long startBase = offset / perBid;
    int startEmitted = (int) (offset % perBid);
    SplitReader<Event> reader = bids.open(split, startBase);
    return new SplitReader<>() {
      private long base = startBase;
      private Bid current;
      private int emitted = startEmitted;

      @Override
      public WindowedBid next() throws IOException {
        if (current == null) {
          Event e = reader.next();
          if (e == null) {
            return null;
          }
          current = (Bid) e;
        }
        long start = lastStart(current.dateTime(), slide) - (long) emitted * slide;
        WindowedBid w = new WindowedBid(start, size, current);
        emitted++;
        if (emitted == perBid) {
          current = null;
          emitted = 0;
          base = reader.offset();
        }
        return w;
      }

      @Override
      public boolean finished() {
        return current == null && reader.finished();
      }

      @Override
      public long offset() {
        return base * perBid + emitted;
      }

      @Override
      public void close() throws IOException {
        reader.close();
      }
    };
  }
}
