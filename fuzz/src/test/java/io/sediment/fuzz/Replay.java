package io.sediment.fuzz;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sediment.lsm.DbSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays one log file on the model and the engine: {@code mvn -pl fuzz test -Dtest=Replay
 * -Dfuzz.replay=target/fuzz-failures/<seed>.log}. Skipped without the property. A log written for a
 * failure names the failing store's settings in a {@code # settings: ...} line, and runs on those
 * settings; {@code -Dfuzz.settings=<text>} runs it on other settings (any subset of the keys of
 * {@link DbSettings#parse}); a log with neither runs on every local configuration. {@code
 * -Dfuzz.replay.repeat=N} replays it N times, for failures that depend on the timing of background
 * work.
 */
class Replay {

  @TempDir Path dir;

  @Test
  void replayTheGivenLog() throws Exception {
    String file = System.getProperty("fuzz.replay");
    assumeTrue(file != null && !file.isBlank(), "set -Dfuzz.replay=<log file> to replay a log");
    int repeat = Integer.getInteger("fuzz.replay.repeat", 1);
    String text = System.getProperty("fuzz.settings");
    Optional<DbSettings> settings =
        text != null ? Optional.of(DbSettings.parse(text)) : OpLog.settings(Path.of(file));
    StorageRoot root = new StorageRoot(dir.toUri().toString(), null);
    for (int i = 0; i < repeat; i++) {
      if (settings.isPresent()) {
        RegressionLogsTest.replay(
            Path.of(file), root, List.of(new NamedSettings("replay", settings.get())));
      } else {
        RegressionLogsTest.replay(Path.of(file), root, StandardSettings.local());
      }
    }
  }
}
