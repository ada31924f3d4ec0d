package io.sediment.stream.runtime;

import io.sediment.lsm.DbIterator;
import io.sediment.lsm.DbOptions;
import io.sediment.snapshot.CheckpointHandle;
import io.sediment.snapshot.Restore;
import io.sediment.stream.KeyedStateStore;
import io.sediment.stream.Serializer;
import io.sediment.stream.StateDescriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads what a job's newest completed checkpoint holds, for tests. */
public final class CheckpointedState {

  private CheckpointedState() {}

  /**
   * The live entries (operator state and timers) in the stores of the newest completed checkpoint
   * of the job at {@code storage}, each restored by reference into a store under {@code scratch}.
   */
  public static <K> long liveEntries(
      JobStorage storage,
      KeyedOperator<?, K, ?> operator,
      Serializer<K> keys,
      int maxParallelism,
      Path scratch)
      throws IOException {
    List<StateDescriptor<?>> states = new ArrayList<>(operator.states());
    states.addAll(KeyedTimers.RESERVATIONS);
    long live = 0;
    try (JobCheckpoints checkpoints = JobCheckpoints.open(storage, 1)) {
      CompletedCheckpoint latest =
          checkpoints.latest().orElseThrow(() -> new IOException("no completed checkpoint"));
      int i = 0;
      for (CompletedCheckpoint.InstanceState s : latest.instances()) {
        DbOptions.Builder options =
            DbOptions.builder(scratch.resolve("inspect-" + i++).toUri().toString());
        try (KeyedStateStore<K> store =
                KeyedStateStore.builder(options, keys, s.keyGroups(), maxParallelism)
                    .declare(states.toArray(StateDescriptor<?>[]::new))
                    .open(o -> Restore.open(CheckpointHandle.fromBytes(s.handle()), o));
            DbIterator it = store.db().newIterator()) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            live++;
          }
        }
      }
    }
    return live;
  }
}
