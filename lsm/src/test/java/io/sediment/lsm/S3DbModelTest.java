package io.sediment.lsm;

import io.sediment.fs.testing.InProcessS3;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store on {@code s3a://}, against an in-process S3 API server reached through Hadoop's S3A
 * connector (one server for the class): the seeded model test and the deletion of files a crash
 * left behind ({@link OrphanSweepScenarios}). The model test runs a smaller budget than on HDFS
 * (200 operations instead of 400): every flush is a few uploads through a real HTTP stack. There is
 * no write-ahead-log run: an S3 object has no {@code hsync}, so a store refuses a log on S3 ({@link
 * S3WriteAheadLogTest}).
 */
class S3DbModelTest {

  @RegisterExtension static final InProcessS3 S3 = new InProcessS3();

  @Nested
  class OrphanSweep extends OrphanSweepScenarios {
    @Override
    String freshDir(String name) {
      return S3.freshDir(name).toString();
    }

    @Override
    Configuration conf() {
      return S3.configuration();
    }
  }

  @Test
  void modelTestOnS3() throws IOException {
    long seed = 424243L;
    System.out.println("S3DbModelTest seed " + seed);
    DbOptions options =
        DbModelTest.smallOptions(S3.freshDir("model").toString())
            .hadoopConfiguration(S3.configuration())
            .build();
    DbStats stats = new DbModelChecker(options, seed, 200).run(200);
    System.out.println(stats);
    System.out.println("S3 requests " + S3.requests().counts());
  }
}
