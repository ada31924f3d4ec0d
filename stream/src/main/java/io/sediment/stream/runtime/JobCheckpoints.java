package io.sediment.stream.runtime;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.VersionedPublisher;
import io.sediment.snapshot.CheckpointStorage;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's checkpoint bookkeeping under its {@code jobUri}: the run markers, the completed
 * checkpoints (published write-once through a {@link VersionedPublisher} as {@code completed-<n>},
 * n counting completed checkpoints), the checkpoint storage of the instances' stores, and
 * retention. Not thread-safe: the coordinator serializes its calls.
 */
final class JobCheckpoints implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(JobCheckpoints.class);

  /** Checkpoint ids of a run: {@code attempt * IDS_PER_ATTEMPT + k}, k from 1. */
  static final long IDS_PER_ATTEMPT = 1_000_000L;

  private final FileSystemView view;
  private final VersionedPublisher completed;
  private final CheckpointStorage storage;
  private final int retained;
  private final Deque<Retained> kept = new ArrayDeque<>();
  private long nextVersion = 1;

  /** A retained completed checkpoint and its version. */
  record Retained(long version, CompletedCheckpoint checkpoint) {}

  private JobCheckpoints(
      FileSystemView view, VersionedPublisher completed, CheckpointStorage storage, int retained) {
    this.view = view;
    this.completed = completed;
    this.storage = storage;
    this.retained = retained;
  }

  /**
   * Opens the bookkeeping of the job at {@code jobUri} and reads the retained completed
   * checkpoints.
   *
   * @throws IOException naming the file that could not be read
   */
  static JobCheckpoints open(JobStorage where, int retained) throws IOException {
    FileSystemView view = FileSystemView.open(where.jobUri(), where.conf());
    CheckpointStorage storage = null;
    try {
      view.mkdirs(view.root());
      storage = CheckpointStorage.open(where.jobUri() + "/storage", where.conf());
      JobCheckpoints j =
          new JobCheckpoints(
              view, new VersionedPublisher(view, view.root(), "completed"), storage, retained);
      j.loadRetained();
      return j;
    } catch (IOException | RuntimeException e) {
      if (storage != null) {
        storage.close();
      }
      view.close();
      throw e;
    }
  }

  private void loadRetained() throws IOException {
    Optional<VersionedPublisher.Published> latest = completed.latest();
    if (latest.isEmpty()) {
      return;
    }
    long top = latest.get().version();
    nextVersion = top + 1;
    for (long v = Math.max(1, top - retained + 1); v <= top; v++) {
      byte[] content = v == top ? latest.get().content() : completed.read(v).orElse(null);
      if (content != null) {
        kept.addLast(
            new Retained(v, CompletedCheckpoint.decode(content, completed.pathOf(v).toString())));
      }
    }
  }

  /** The newest completed checkpoint, if any. */
  Optional<CompletedCheckpoint> latest() {
    return kept.isEmpty() ? Optional.empty() : Optional.of(kept.peekLast().checkpoint());
  }

  /** The retained completed checkpoints, oldest first. */
  List<CompletedCheckpoint> retainedCheckpoints() {
    List<CompletedCheckpoint> out = new ArrayList<>();
    kept.forEach(r -> out.add(r.checkpoint()));
    return out;
  }

  /** The checkpoint storage of the instances' stores. */
  CheckpointStorage storage() {
    return storage;
  }

  /**
   * Claims a new run number by creating the write-once marker {@code attempt-<n>}, n past every run
   * a retained checkpoint names and every marker that exists.
   *
   * @throws IOException naming the marker that could not be written
   */
  long claimAttempt() throws IOException {
    long n = latest().map(c -> c.attempt() + 1).orElse(1L);
    while (true) {
      Path marker = view.resolve(String.format("attempt-%020d", n));
      try {
        view.writeAll(marker, new byte[0]);
        return n;
      } catch (FileAlreadyExistsException e) {
        n++;
      }
    }
  }

  /**
   * Discards every store checkpoint no retained job checkpoint lists (those of instances that
   * acknowledged a checkpoint that never completed), then collects the storage's garbage.
   *
   * @throws IOException naming what could not be read or deleted
   */
  void discardIncomplete() throws IOException {
    Set<Long> needed = new HashSet<>();
    kept.forEach(r -> needed.addAll(r.checkpoint().storageIds()));
    for (long id : storage.checkpoints()) {
      if (!needed.contains(id)) {
        storage.discard(id);
      }
    }
    storage.collectGarbage();
  }

  /**
   * Publishes {@code c} as the next completed checkpoint, then discards the checkpoints retention
   * lets go (their store checkpoints and metadata).
   *
   * @throws IOException naming the file if it cannot be published, or if another job published that
   *     version first
   */
  void publish(CompletedCheckpoint c) throws IOException {
    long version = nextVersion;
    if (!completed.publish(version, c.encode())) {
      throw new IOException(
          completed.pathOf(version) + " already exists: another run of this job is publishing");
    }
    nextVersion++;
    kept.addLast(new Retained(version, c));
    while (kept.size() > retained) {
      Retained old = kept.pollFirst();
      for (long id : old.checkpoint().storageIds()) {
        if (storage.checkpoints().contains(id)) {
          storage.discard(id);
        }
      }
      view.delete(completed.pathOf(old.version()));
      LOG.debug("discarded checkpoint {}", old.checkpoint().checkpointId());
    }
  }

  @Override
  public void close() throws IOException {
    try {
      storage.close();
    } finally {
      view.close();
    }
  }
}
