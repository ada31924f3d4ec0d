package io.sediment.fs;

import io.sediment.fs.testing.FsTarget;
import io.sediment.fs.testing.LocalTempDirs;

class VersionedPublisherLocalTest extends VersionedPublisherContract {
  @Override
  protected FsTarget target() {
    return LocalTempDirs.INSTANCE;
  }
}
