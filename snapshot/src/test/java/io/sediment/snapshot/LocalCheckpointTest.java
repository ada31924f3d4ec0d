package io.sediment.snapshot;

import io.sediment.fs.testing.FsTarget;
import io.sediment.fs.testing.LocalTempDirs;

/** The checkpoint contract on the local file system. */
class LocalCheckpointTest extends CheckpointContract {

  @Override
  protected FsTarget target() {
    return LocalTempDirs.INSTANCE;
  }

  @Override
  protected int scale() {
    return 1;
  }
}
