package io.sediment.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.stream.Serializers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under real process kills: the counting job (and the two-stage job, a third as often)
 * runs in a child JVM with frequent checkpoints; the test kills it ({@link
 * Process#destroyForcibly()}, SIGKILL) at seeded random moments, starts it again (it restores from
 * its latest completed checkpoint), and finally lets it finish. The committed output must be the
 * model's rows, each exactly once. {@code -Dstream.seed=S} replays a run, {@code -Dstream.kills=N}
 * kills more often.
 */
class CrashRecoveryTest {

  private static final long SEED = Long.getLong("stream.seed", 7L);
  private static final int KILLS = Integer.getInteger("stream.kills", 10);

  @TempDir Path tmp;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void aJobKilledAtRandomMomentsCommitsEachResultOnce() throws Exception {
    GeneratedSource source = new GeneratedSource(SEED, 3, 30_000, 50);
    String sinkUri = killAndFinish(source, KILLS, 400, "one-stage");
    CountingJob.check(
        source,
        FileSink.readCommitted(sinkUri, new Configuration(), Serializers.string()),
        KILLS + " kills, seed " + SEED);
  }

  @Test
  void aTwoStageJobKilledAtRandomMomentsCommitsEachResultOnce() throws Exception {
    GeneratedSource source = new GeneratedSource(SEED + 1, 3, 10_000, 50);
    int kills = Math.max(1, KILLS / 3);
    // Later kills: a child JVM needs about 2 s on a loaded machine before its first checkpoint.
    String sinkUri = killAndFinish(source, kills, 2500, "two-stage");
    TwoStageJob.check(
        source,
        FileSink.readCommitted(sinkUri, new Configuration(), Serializers.string()),
        "two stages, " + kills + " kills, seed " + SEED);
  }

  /**
   * Kills the job {@code killCount} times, each run after {@code minDelayMillis} plus up to 1.2 s,
   * then lets it finish; the sink's URI.
   */
  private String killAndFinish(
      GeneratedSource source, int killCount, long minDelayMillis, String shape) throws Exception {
    Random random = new Random(SEED);
    String jobUri = tmp.resolve(shape).toUri().toString();
    String sinkUri = tmp.resolve(shape + "-out").toUri().toString();
    int kills = 0;
    int runs = 0;
    while (kills < killCount) {
      Process p = start(jobUri, sinkUri, source, 1 + random.nextInt(3), shape);
      runs++;
      long delay = minDelayMillis + random.nextInt(1200);
      if (p.waitFor(delay, TimeUnit.MILLISECONDS)) {
        assertEquals(0, p.exitValue(), "a run ends only by a kill or at the end of input");
        break; // the job finished before it was killed again: too little input for the kills
      }
      p.destroyForcibly();
      assertTrue(p.waitFor(1, TimeUnit.MINUTES), "a killed run dies");
      kills++;
    }
    // The two-stage runs live longer, so a fast machine may finish the input first: one kill is
    // then enough; the one-stage runs must take every kill.
    assertTrue(
        shape.equals("two-stage") ? kills >= 1 : kills == killCount,
        kills + " kills before the job could finish (" + runs + " runs, seed " + SEED + ")");
    Process last = start(jobUri, sinkUri, source, 2, shape);
    assertTrue(last.waitFor(3, TimeUnit.MINUTES), "the last run finishes");
    assertEquals(0, last.exitValue(), "the last run finishes cleanly");
    return sinkUri;
  }

  private Process start(
      String jobUri, String sinkUri, GeneratedSource source, int parallelism, String shape)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            classPath,
            CrashingJobProcess.class.getName(),
            jobUri,
            sinkUri,
            Long.toString(source.seed()),
            Integer.toString(source.splitCount()),
            Long.toString(source.perSplit()),
            "50",
            Integer.toString(parallelism),
            "30",
            "buffer-size=64,buffer-timeout=PT0.002S",
            shape);
    pb.redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve("child-" + started.size() + ".log").toFile());
    Process p = pb.start();
    started.add(p);
    return p;
  }
}
