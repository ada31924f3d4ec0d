package io.sediment.fs;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.testing.FsTarget;
import io.sediment.fs.testing.MiniDfs;
import io.sediment.fs.wrap.WrapperContract;
import java.io.IOException;
import java.net.URI;
import java.security.PrivilegedExceptionAction;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every file-system contract on a real in-process HDFS. One cluster serves all nested suites:
 * starting one takes seconds, so the suites share it rather than each starting their own.
 */
class HdfsSuiteTest {

  @RegisterExtension static final MiniDfs DFS = new MiniDfs();

  @Nested
  class View extends FileSystemViewContract {
    @Override
    protected FsTarget target() {
      return DFS;
    }

    @Test
    void permissionDeniedIsAnIoErrorNamingThePath() throws Exception {
      Path locked = view.resolve("locked");
      view.mkdirs(locked);
      view.hadoopFileSystem().setPermission(locked, new FsPermission((short) 0700));
      URI lockedUri = locked.toUri();
      UserGroupInformation alice =
          UserGroupInformation.createUserForTesting("alice", new String[] {"users"});
      alice.doAs(
          (PrivilegedExceptionAction<Void>)
              () -> {
                try (FileSystemView asAlice =
                    FileSystemView.open(DFS.uri() + "/", DFS.configuration())) {
                  Path target = new Path(lockedUri.toString() + "/f");
                  IOException create =
                      assertThrows(IOException.class, () -> asAlice.create(target));
                  assertTrue(create.getMessage().contains(target.toString()), create.getMessage());
                  assertTrue(
                      create.getMessage().contains("Permission denied"), create.getMessage());
                  IOException list = assertThrows(IOException.class, () -> asAlice.list(locked));
                  assertTrue(list.getMessage().contains(locked.toString()), list.getMessage());
                  IOException open =
                      assertThrows(
                          IOException.class,
                          () -> FileSystemView.open(lockedUri + "/sub", DFS.configuration()));
                  assertTrue(open.getMessage().contains(lockedUri.getPath()), open.getMessage());
                }
                return null;
              });
    }
  }

  @Nested
  class Publisher extends VersionedPublisherContract {
    @Override
    protected FsTarget target() {
      return DFS;
    }
  }

  @Nested
  class Registry extends FileRegistryContract {
    @Override
    protected FsTarget target() {
      return DFS;
    }
  }

  @Nested
  class Wrappers extends WrapperContract {
    @Override
    protected FsTarget target() {
      return DFS;
    }
  }
}
