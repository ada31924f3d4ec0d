package io.sediment.flink;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.snapshot.CheckpointHandle;
import java.util.List;

/** Restore at another parallelism: one store for {@code target} from several checkpoints. */
final class RescaleRestore {

  private RescaleRestore() {}

  /**
   * Opens a store for {@code target} on the files of {@code sources}.
   *
   * @throws UnsupportedOperationException naming the key groups: this build of Sediment has no
   *     rescale restore
   */
  static Db open(List<CheckpointHandle> sources, KeyGroupRange target, DbOptions options) {
    throw new UnsupportedOperationException(
        "restoring key groups "
            + target
            + " from "
            + sources.size()
            + " checkpoints needs Sediment's rescale restore");
  }
}
