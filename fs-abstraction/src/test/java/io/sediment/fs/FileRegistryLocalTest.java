package io.sediment.fs;

import io.sediment.fs.testing.FsTarget;
import io.sediment.fs.testing.LocalTempDirs;

class FileRegistryLocalTest extends FileRegistryContract {
  @Override
  protected FsTarget target() {
    return LocalTempDirs.INSTANCE;
  }
}
