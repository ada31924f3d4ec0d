package io.sediment.fs.wrap;

import io.sediment.fs.testing.FsTarget;
import io.sediment.fs.testing.LocalTempDirs;

class WrapperLocalTest extends WrapperContract {
  @Override
  protected FsTarget target() {
    return LocalTempDirs.INSTANCE;
  }
}
