package io.sediment.stream.runtime;

import io.sediment.keygroups.KeyGroups;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The output of one instance of a stage that feeds another stage: each record is keyed by the next
 * stage's key selector, given its event time by the next stage's timestamps, and put on the channel
 * of the next-stage instance that holds its key group, as a source split does. The instance also
 * forwards its watermark (when it rose, after the timers up to it fired), each checkpoint barrier
 * (after its own snapshot) and the end of its input on every channel, so that the next stage aligns
 * and advances exactly as the first one does on its splits.
 *
 * <p>Nothing is staged: a record handed on is part of the next stage's input, which the next
 * stage's own checkpoint covers; {@link #prepare} returns empty bytes. Task thread only.
 */
final class Exchange implements SinkWriter<Object>, Downstream {

  private final Function<Object, Object> keySelector;
  private final ToLongFunction<Object> timestamps;
  private final int maxParallelism;
  private final int parallelism;
  private final List<Channel> channels;
  private final String from;

  Exchange(
      StagedJob.Stage next,
      int maxParallelism,
      int parallelism,
      List<Channel> channels,
      String from) {
    this.keySelector = next.keySelector();
    this.timestamps = next.timestamps();
    this.maxParallelism = maxParallelism;
    this.parallelism = parallelism;
    this.channels = List.copyOf(channels);
    this.from = from;
  }

  @Override
  public void write(Object record) throws IOException {
    Object key = keySelector.apply(record);
    if (key == null) {
      throw new IllegalArgumentException(
          "the key selector of the stage after " + from + " returned null for " + record);
    }
    long timestamp = timestamps.applyAsLong(record);
    int keyGroup = KeyGroups.assign(key.hashCode(), maxParallelism);
    int target = KeyGroups.operatorIndexForKeyGroup(maxParallelism, parallelism, keyGroup);
    put(channels.get(target), new Element.Data<>(record, key, keyGroup, timestamp));
  }

  @Override
  public byte[] prepare(long checkpointId) {
    return new byte[0];
  }

  @Override
  public void watermark(long timestamp) throws IOException {
    broadcast(new Element.Watermark(timestamp));
  }

  @Override
  public void barrier(long checkpointId) throws IOException {
    broadcast(new Element.Barrier(checkpointId));
  }

  @Override
  public void end() throws IOException {
    broadcast(new Element.EndOfInput());
  }

  @Override
  public void close() {}

  private void broadcast(Element e) throws IOException {
    for (Channel ch : channels) {
      put(ch, e);
    }
  }

  private void put(Channel ch, Element e) throws IOException {
    try {
      ch.put(e);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(from + " was cancelled while handing on " + e);
    }
  }
}
