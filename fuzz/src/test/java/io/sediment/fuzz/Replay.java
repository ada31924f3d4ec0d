package io.sediment.fuzz;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays one log file on the model and the engine in every local configuration: {@code mvn -pl
 * fuzz test -Dtest=Replay -Dfuzz.replay=target/fuzz-failures/<seed>.log}. Skipped without the
 * property. {@code -Dfuzz.replay.repeat=N} replays it N times, for failures that depend on the
 * timing of background work.
 */
class Replay {

  @TempDir Path dir;

  @Test
  void replayTheGivenLog() throws Exception {
    String file = System.getProperty("fuzz.replay");
    assumeTrue(file != null && !file.isBlank(), "set -Dfuzz.replay=<log file> to replay a log");
    int repeat = Integer.getInteger("fuzz.replay.repeat", 1);
    StorageRoot root = new StorageRoot(dir.toUri().toString(), null);
    for (int i = 0; i < repeat; i++) {
      RegressionLogsTest.replay(Path.of(file), root);
    }
  }
}
