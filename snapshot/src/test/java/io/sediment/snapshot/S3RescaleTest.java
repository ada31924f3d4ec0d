package io.sediment.snapshot;

import io.sediment.fs.testing.FsTarget;
import io.sediment.fs.testing.InProcessS3;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rescale contract on {@code s3a://}, against an in-process S3 API server (one for the class),
 * at the same scale as on HDFS. The six-stage chain is left to the local disk and HDFS: it takes
 * some 16 s here and exercises nothing S3-specific that the four-stage chain (every store opened,
 * written, checkpointed, rescaled and discarded on S3) does not.
 */
class S3RescaleTest extends RescaleContract {

  @RegisterExtension static final InProcessS3 S3 = new InProcessS3();

  @Override
  protected FsTarget target() {
    return S3;
  }

  @Override
  protected int scale() {
    return 1;
  }

  @Override
  protected boolean runsLongChain() {
    return false;
  }
}
