package io.sediment.snapshot;

import io.sediment.fs.testing.FsTarget;
import io.sediment.fs.testing.MiniDfs;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rescale contract on an in-process HDFS (one cluster for the class). */
class HdfsRescaleTest extends RescaleContract {

  @RegisterExtension static final MiniDfs DFS = new MiniDfs();

  @Override
  protected FsTarget target() {
    return DFS;
  }

  @Override
  protected int scale() {
    return 1;
  }
}
