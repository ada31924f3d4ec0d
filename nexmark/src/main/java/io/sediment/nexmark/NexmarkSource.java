package io.sediment.nexmark;

import io.sediment.stream.runtime.Source;
import io.sediment.stream.runtime.SplitReader;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The first {@code events} events of a generator as a replayable source of {@code splits} splits:
 * event {@code i} goes to split {@code i % splits}, and a split's offset is the index of the next
 * event it reads. A split opened at any offset starts at its first event at or after that index
 * (offset 0: its first event), so reopened at an offset it reported it regenerates exactly the
 * events from there.
 */
public final class NexmarkSource implements Source<Event> {

  private final EventGenerator generator;
  private final long events;
  private final int splits;
  private final AtomicLong read = new AtomicLong();

  /**
   * A source of events {@code 0..events-1} of {@code generator} in {@code splits} splits.
   *
   * @throws IllegalArgumentException if {@code generator} is null, {@code events} is negative or
   *     {@code splits} is less than 1
   */
  public NexmarkSource(EventGenerator generator, long events, int splits) {
    if (generator == null || events < 0 || splits < 1) {
      throw new IllegalArgumentException(
          "a generator, events >= 0 and splits >= 1 are needed: " + events + ", " + splits);
    }
    this.generator = generator;
    this.events = events;
    this.splits = splits;
  }

  /** The number of events of the whole source. */
  public long events() {
    return events;
  }

  /** The generator. */
  public EventGenerator generator() {
    return generator;
  }

  /** Events read so far by all readers of this source, replays included (for progress). */
  public long eventsRead() {
    return read.get();
  }

  @Override
  public int splits() {
    return splits;
  }

  @Override
  public SplitReader<Event> open(int split, long offset) {
    if (split < 0 || split >= splits) {
      throw new IllegalArgumentException("no split " + split + " of " + splits);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative: " + offset);
    }
    return new SplitReader<>() {
      private long next = firstAtOrAfter(offset, split, splits);

      @Override
      public Event next() {
        if (next >= events) {
          return null;
        }
        Event e = generator.event(next);
        next += splits;
        read.incrementAndGet();
        return e;
      }

      @Override
      public boolean finished() {
        return next >= events;
      }

      @Override
      public long offset() {
        return next;
      }

      @Override
      public void close() {}
    };
  }

  /** The first index at or after {@code offset} that belongs to split {@code split}. */
  static long firstAtOrAfter(long offset, int split, int splits) {
    long k = Math.max(0, (offset - split + splits - 1) / splits);
    return split + k * splits;
  }
}
