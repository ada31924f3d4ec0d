package io.sediment.lsm;

import static io.sediment.lsm.DbBasicTest.b;
import static io.sediment.lsm.DbBasicTest.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.testing.MiniDfs;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store on a real in-process HDFS (the shared MiniDfs fixture, one cluster for the class): the
 * seeded model test, write-ahead-log recovery after a crash, the tiered read path ({@link
 * HdfsTieredReadsScenarios}) and the deletion of files a crash left behind ({@link
 * OrphanSweepScenarios}), nested to share the cluster.
 */
class HdfsDbModelTest {

  @RegisterExtension static final MiniDfs DFS = new MiniDfs();

  @Nested
  class TieredReads extends HdfsTieredReadsScenarios {
    @Override
    MiniDfs dfs() {
      return DFS;
    }
  }

  @Nested
  class OrphanSweep extends OrphanSweepScenarios {
    @Override
    String freshDir(String name) {
      return DFS.freshDir(name).toString();
    }

    @Override
    Configuration conf() {
      return DFS.configuration();
    }
  }

  @Test
  void modelTestOnHdfs() throws IOException {
    long seed = 424242L;
    System.out.println("HdfsDbModelTest seed " + seed);
    DbOptions options =
        DbModelTest.smallOptions(DFS.freshDir("model").toString())
            .hadoopConfiguration(DFS.configuration())
            .build();
    DbStats stats = new DbModelChecker(options, seed, 200).run(400);
    System.out.println(stats);
  }

  @Test
  void logRecoveryOnHdfs() throws IOException {
    DbOptions options =
        DbOptions.builder(DFS.freshDir("wal").toString())
            .hadoopConfiguration(DFS.configuration())
            .walEnabled(true)
            .build();
    Db db = Db.open(options);
    for (int i = 0; i < 50; i++) {
      db.put(b("k" + i), b("v" + i));
    }
    db.deleteRange(b("k1"), b("k2"));
    db.internal().close(false);
    try (Db reopened = Db.open(options)) {
      assertEquals("v0", s(reopened.get(b("k0"))));
      assertEquals("v49", s(reopened.get(b("k49"))));
      assertEquals(null, reopened.get(b("k15")));
      assertTrue(reopened.stats().fileCount() == 1, "the replayed log became one SST");
    }
  }
}
