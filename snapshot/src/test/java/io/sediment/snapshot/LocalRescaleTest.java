package io.sediment.snapshot;

import io.sediment.fs.testing.FsTarget;
import io.sediment.fs.testing.LocalTempDirs;

/** The rescale contract on the local file system. */
class LocalRescaleTest extends RescaleContract {

  @Override
  protected FsTarget target() {
    return LocalTempDirs.INSTANCE;
  }

  @Override
  protected int scale() {
    return 1;
  }
}
