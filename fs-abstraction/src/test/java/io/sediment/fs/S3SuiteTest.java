package io.sediment.fs;

import io.sediment.fs.testing.FsTarget;
import io.sediment.fs.testing.InProcessS3;
import io.sediment.fs.wrap.WrapperContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every file-system contract on {@code s3a://}, against an in-process S3 API server (S3Proxy)
 * reached through Hadoop's S3A connector. One server serves all nested suites.
 */
class S3SuiteTest {

  @RegisterExtension static final InProcessS3 S3 = new InProcessS3();

  @Nested
  class View extends FileSystemViewContract {
    @Override
    protected FsTarget target() {
      return S3;
    }
  }

  @Nested
  class Publisher extends VersionedPublisherContract {
    @Override
    protected FsTarget target() {
      return S3;
    }
  }

  @Nested
  class Registry extends FileRegistryContract {
    @Override
    protected FsTarget target() {
      return S3;
    }
  }

  @Nested
  class Wrappers extends WrapperContract {
    @Override
    protected FsTarget target() {
      return S3;
    }
  }
}
