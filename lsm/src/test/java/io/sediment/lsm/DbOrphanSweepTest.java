package io.sediment.lsm;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;

/** {@link OrphanSweepScenarios} on the local file system. */
class DbOrphanSweepTest extends OrphanSweepScenarios {

  @TempDir Path dir;

  @Override
  String freshDir(String name) {
    return dir.resolve(name).toUri().toString();
  }

  @Override
  Configuration conf() {
    return new Configuration();
  }
}
