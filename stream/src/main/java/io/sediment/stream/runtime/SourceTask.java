package io.sediment.stream.runtime;

import io.sediment.keygroups.KeyGroups;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads one source split on its own thread and routes each record by key group to the channel of
 * the instance that holds it ({@link KeyGroups#assign}, {@link
 * KeyGroups#operatorIndexForKeyGroup}). Between records it serves the coordinator's commands: a
 * checkpoint (record the split's offset, then send a barrier on every channel, so that exactly the
 * records before the offset precede the barrier) or the end of the job. Every {@code
 * watermarkInterval} records it sends its watermark, the job's {@link WatermarkStrategy} of the
 * largest timestamp read, on every channel when it rose; at the end of the split, {@link
 * Long#MAX_VALUE}.
 *
 * @param <T> the record type
 * @param <K> the key type
 */
final class SourceTask<T, K> implements Runnable {

  /** A command from the coordinator. */
  sealed interface Command {}

  /** Take part in checkpoint {@code id}. */
  record Checkpoint(long id) implements Command {}

  /** End every channel: the job is finished. */
  record Finish() implements Command {}

  /** How long an idle split waits for a command before it asks its reader again. */
  private static final long IDLE_POLL_MILLIS = 5;

  private final int split;
  private final long startOffset;
  private final Source<T> source;
  private final StagedJob.Stage stage;
  private final WatermarkStrategy watermarks;
  private final RuntimeSettings settings;
  private final List<Channel> channels;
  private final CheckpointCoordinator coordinator;
  private final LinkedBlockingQueue<Command> commands = new LinkedBlockingQueue<>();

  SourceTask(
      int split,
      long startOffset,
      Source<T> source,
      StagedJob.Stage stage,
      WatermarkStrategy watermarks,
      RuntimeSettings settings,
      List<Channel> channels,
      CheckpointCoordinator coordinator) {
    this.split = split;
    this.startOffset = startOffset;
    this.source = source;
    this.stage = stage;
    this.watermarks = watermarks;
    this.settings = settings;
    this.channels = channels;
    this.coordinator = coordinator;
  }

  /** Hands the split a command; any thread. */
  void command(Command c) {
    commands.add(c);
  }

  @Override
  public void run() {
    try (SplitReader<T> reader = source.open(split, startOffset)) {
      long maxTimestamp = Long.MIN_VALUE;
      long sentWatermark = Long.MIN_VALUE;
      long sinceWatermark = 0;
      boolean ended = false;
      boolean idle = false;
      while (true) {
        Command c =
            ended
                ? commands.take()
                : idle ? commands.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS) : commands.poll();
        idle = false;
        if (c instanceof Checkpoint cp) {
          coordinator.sourceAcknowledged(cp.id(), split, reader.offset());
          broadcast(new Element.Barrier(cp.id()));
          continue;
        }
        if (c instanceof Finish) {
          broadcast(new Element.EndOfInput());
          return;
        }
        T record = reader.next();
        if (record == null && !reader.finished()) {
          idle = true;
          continue;
        }
        if (record == null) {
          ended = true;
          broadcast(new Element.Watermark(Long.MAX_VALUE));
          coordinator.sourceEnded(split);
          continue;
        }
        @SuppressWarnings("unchecked")
        K key = (K) stage.keySelector().apply(record);
        if (key == null) {
          throw new IllegalArgumentException(
              "the key selector returned null for " + record + " of split " + split);
        }
        long timestamp = stage.timestamps().applyAsLong(record);
        int keyGroup = KeyGroups.assign(key.hashCode(), settings.maxParallelism());
        int target =
            KeyGroups.operatorIndexForKeyGroup(
                settings.maxParallelism(), settings.parallelism(), keyGroup);
        channels.get(target).put(new Element.Data<>(record, key, keyGroup, timestamp));
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        if (++sinceWatermark >= settings.watermarkInterval()) {
          long watermark = watermarks.watermark(maxTimestamp);
          if (watermark > sentWatermark) {
            broadcast(new Element.Watermark(watermark));
            sentWatermark = watermark;
            sinceWatermark = 0;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      coordinator.fail(new IllegalStateException("source split " + split + " was interrupted", e));
    } catch (Exception | Error e) {
      coordinator.fail(e);
    }
  }

  private void broadcast(Element e) throws InterruptedException {
    for (Channel ch : channels) {
      ch.put(e);
    }
  }

  @Override
  public String toString() {
    return "source split " + split;
  }
}
