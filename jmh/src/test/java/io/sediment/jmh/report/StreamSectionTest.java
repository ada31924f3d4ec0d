package io.sediment.jmh.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StreamSectionTest {

  private static final String SECTION =
      StreamSection.START + "\n## Stream layer\n\nfigures\n" + StreamSection.END + "\n";

  @Test
  void appendsTheSectionToADocumentWithoutOne() {
    String doc = "# Benchmarks\n\n## Tiered reads\n\ntable\n";
    String out = StreamSection.replace(doc, SECTION);
    assertEquals(doc + "\n" + SECTION, out);
    assertEquals(SECTION, StreamSection.extract(out));
  }

  @Test
  void replacesOnlyItsOwnSection() {
    String doc = StreamSection.replace("# Benchmarks\n\nmain tables\n", SECTION);
    String newer = SECTION.replace("figures", "newer figures");
    String out = StreamSection.replace(doc, newer);
    assertEquals("# Benchmarks\n\nmain tables\n\n" + newer, out);
    assertEquals("# Benchmarks\n\nmain tables\n", StreamSection.replace(out, ""));
  }

  @Test
  void refusesTextWithoutTheMarkers() {
    assertThrows(IllegalArgumentException.class, () -> StreamSection.replace("doc", "## Stream"));
  }

  @Test
  void aTieredRewriteKeepsTheStreamSectionThatFollowsIt() {
    String doc = "# Benchmarks\n\n" + TieredReport.HEADING + "\n\nold table\n\n" + SECTION;
    String tiered = TieredReport.HEADING + "\n\nnew table\n";
    String out = TieredReport.replaceSection(doc, tiered);
    assertTrue(out.contains("new table"), out);
    assertEquals(SECTION, StreamSection.extract(out));
    assertEquals(tiered, TieredReport.extractSection(out));
  }
}
