package io.sediment.flink;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.snapshot.CheckpointHandle;
import io.sediment.snapshot.Restore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.flink.runtime.state.KeyedStateHandle;

/**
 * Opens the store of a new backend instance: empty, restored from one checkpoint of the same key
 * groups, or restored at another parallelism from the checkpoints of several instances (Sediment's
 * rescale restore: files are referenced, clipped to the instance's key groups, never copied).
 */
final class StoreOpener {

  private StoreOpener() {}

  /**
   * Opens the store in {@code options.dirUri()} from {@code handles} (none: an empty store).
   *
   * @throws IllegalStateException naming a handle that no Sediment backend wrote
   * @throws IOException naming the URI if the store cannot be opened or restored
   */
  static Db open(DbOptions options, Collection<KeyedStateHandle> handles) throws IOException {
    List<CheckpointHandle> sources = new ArrayList<>();
    boolean sameRange = true;
    KeyGroupRange target = options.keyGroups();
    for (KeyedStateHandle h : handles) {
      if (h != null) {
        sources.add(SedimentHandles.fromFlink(h));
        org.apache.flink.runtime.state.KeyGroupRange r = h.getKeyGroupRange();
        sameRange &=
            Objects.equals(KeyGroupRange.of(r.getStartKeyGroup(), r.getEndKeyGroup()), target);
      }
    }
    if (sources.isEmpty()) {
      return Db.open(options);
    }
    if (sources.size() == 1 && sameRange) {
      return Restore.open(sources.get(0), options);
    }
    return Restore.open(sources, target, options);
  }
}
