package io.sediment.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.jmh.report.NexmarkSection;
import io.sediment.nexmark.NexmarkMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One query in every mode at a tiny size: the latency mode's tiers are the given share of the local
 * state, trial directories are deleted, and the section reports each mode; a section replaces the
 * old one where it stands.
 */
class NexmarkBenchTest {

  @TempDir Path tmp;

  @Test
  void everyModeRunsAndTheSectionReportsIt() throws Exception {
    NexmarkTrial.Params p =
        new NexmarkTrial.Params(1500, 3, 2, 1, 10, 1 << 20, Duration.ofMillis(30));
    List<NexmarkTrial.Result> results = new ArrayList<>();
    long state = 0;
    for (NexmarkMode mode : NexmarkMode.values()) {
      long tier = NexmarkTrial.tierBytes(mode, p, state);
      NexmarkTrial.Result r = NexmarkTrial.run("q8", mode, tier, p, tmp);
      if (mode == NexmarkMode.SYNC_LOCAL) {
        state = r.run().stateBytes();
      }
      assertTrue(r.run().stateBytes() > 0 && r.run().eventsPerSecond() > 0, r.toString());
      assertEquals(1500, r.run().events());
      results.add(r);
      assertTrue(NexmarkSectionWriter.trialLine(r).startsWith("# sediment-nexmark q8 mode="));
    }
    assertEquals(Math.max(NexmarkTrial.MIN_TIER_BYTES, state / 10), results.get(2).tierBytes());
    assertEquals(0, tmp.toFile().list().length, "trial directories are deleted");
    String section =
        NexmarkSectionWriter.section(
            p, List.of("q8"), results, "abc", List.of("bench/run --nexmark"));
    assertTrue(
        section.startsWith(NexmarkSection.START) && section.endsWith(NexmarkSection.END + "\n"),
        section);
    assertTrue(section.contains("| q8 | "), section);
    assertTrue(section.contains("x |"), section);

    String doc =
        "# Doc\n\n"
            + NexmarkSection.START
            + "\nnot measured yet\n"
            + NexmarkSection.END
            + "\n\n## After\n";
    String replaced = NexmarkSection.replace(doc, section);
    assertTrue(replaced.startsWith("# Doc\n\n" + NexmarkSection.START), replaced);
    assertTrue(replaced.endsWith(NexmarkSection.END + "\n\n## After\n"), replaced);
    assertTrue(!replaced.contains("not measured yet"), replaced);
    assertThrows(
        IllegalArgumentException.class, () -> NexmarkSection.replace(doc, "## no markers"));
    assertThrows(
        IllegalArgumentException.class,
        () -> NexmarkBench.Options.parse(new String[] {"--queries", "q6"}));
    assertEquals(
        List.of("q1", "q5"),
        NexmarkBench.Options.parse(new String[] {"--queries", "q5,q1"}).queries());

    Path chart = tmp.resolve("charts/nexmark.png");
    java.nio.file.Files.createDirectories(chart.getParent());
    double[][] rates = new double[results.size()][1];
    for (int i = 0; i < results.size(); i++) {
      rates[i][0] = results.get(i).run().eventsPerSecond();
    }
    NexmarkSection.chart(chart, List.of("q8"), List.of("sync-local", "async-local", "x"), rates);
    assertTrue(java.nio.file.Files.size(chart) > 0, "the chart is written");
    String charted =
        NexmarkSectionWriter.section(
            p, List.of("q8"), results, "abc", List.of(), "bench/charts/nexmark.png");
    assertTrue(charted.contains("](bench/charts/nexmark.png)"), charted);
  }
}
