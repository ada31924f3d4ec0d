package io.sediment.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.jmh.report.StreamSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every configuration of the stream benchmark, once, at a tiny size: the state is built, every
 * measured record finishes with its key's state present (else the trial throws), the tiers are
 * sized as documented, and the section names every configuration and ratio.
 */
class StreamBenchTest {

  @TempDir Path tmp;

  @Test
  void everyConfigurationRunsAndTheSectionReportsIt() throws Exception {
    StreamParams p = new StreamParams(3000, false, 256 << 10, 10, 500, 0, 0.2);
    List<StreamTrial.Result> results = new ArrayList<>();
    for (StreamConfig c : StreamConfig.values()) {
      StreamTrial.Result r = StreamTrial.run(c, 0, p, tmp);
      results.add(r);
      assertEquals(c, r.config());
      assertTrue(r.records() > 0, r.toString());
      assertTrue(r.stateBytes() > 0, r.toString());
      if (c.cached) {
        assertTrue(r.blockCacheBytes() >= r.stateBytes(), r.toString());
      } else {
        assertTrue(r.blockCacheBytes() < r.stateBytes(), r.toString());
      }
      assertEquals(c.fileCache(), r.fileCacheBytes() > 0, r.toString());
      assertEquals(c.fileCache(), !Double.isNaN(r.fileCacheHitRate()), r.toString());
      assertEquals(c.mode == io.sediment.stream.ExecutionMode.ASYNC, r.batches() > 0, r.toString());
    }
    String section =
        StreamSectionWriter.section(
            p, List.of(StreamConfig.values()), results, "abc", List.of("bench/run --stream"));
    assertTrue(section.startsWith(StreamSection.START), section);
    assertTrue(section.endsWith(StreamSection.END + "\n"), section);
    for (StreamConfig c : StreamConfig.values()) {
      assertTrue(section.contains("| " + c + " |"), section);
    }
    assertTrue(section.contains("- ASYNC_REMOTE / SYNC_LOCAL: "), section);
    assertTrue(section.contains("- SYNC_REMOTE / SYNC_LOCAL: "), section);
    assertTrue(section.contains("- ASYNC_CACHED / SYNC_CACHED: "), section);
    assertFalse(tmp.toFile().list().length > 0, "trial directories are deleted");
  }
}
