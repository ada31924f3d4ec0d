package io.sediment.jmh.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The report's sections from separate runs survive each other's rewrites. */
class ReportSectionsTest {

  private static final String TIERED = TieredReport.HEADING + "\n\ntiered table\n";
  private static final String CHECKPOINT =
      CheckpointSection.START + "\n## Checkpoint\n\nfigures\n" + CheckpointSection.END + "\n";

  @Test
  void tieredSectionEndsAtTheCheckpointMarker() {
    String doc = "# Main\n\nmain tables\n\n" + TIERED + "\n" + CHECKPOINT;
    assertEquals(TIERED + "\n", TieredReport.extractSection(doc));
  }

  @Test
  void tieredSectionEndsAtTheRescaleMarker() {
    String rescale = RescaleSection.START + "\n## Rescale\n\nfigures\n" + RescaleSection.END + "\n";
    String doc = "# Main\n\n" + TIERED + "\n" + rescale;
    assertEquals(TIERED + "\n", TieredReport.extractSection(doc));
  }

  @Test
  void tieredSectionEndsAtTheNextHeading() {
    String doc = "# Main\n\n" + TIERED + "\n## Later\n\ntext\n";
    assertEquals(TIERED + "\n", TieredReport.extractSection(doc));
  }

  @Test
  void noTieredSectionExtractsNothing() {
    assertEquals("", TieredReport.extractSection("# Main\n\nmain tables\n"));
  }

  @Test
  void replacingTheTieredSectionKeepsTheCheckpointSection() {
    String doc = "# Main\n\n" + TIERED + "\n" + CHECKPOINT;
    String fresh = TieredReport.HEADING + "\n\nnew tiered table\n\n";
    assertEquals("# Main\n\n" + fresh + CHECKPOINT, TieredReport.replaceSection(doc, fresh));
  }

  @Test
  void aNewMainReportKeepsTheOldTieredAndCheckpointSections() {
    String old = "# Main\n\nold tables\n\n" + TIERED + "\n" + CHECKPOINT;
    String fresh = "# Main\n\nnew tables\n";
    String tiered = TieredReport.extractSection(CheckpointSection.strip(old));
    String merged = CheckpointSection.compose(TieredReport.replaceSection(fresh, tiered), old, "");
    assertEquals("# Main\n\nnew tables\n\n" + TIERED + "\n" + CHECKPOINT, merged);
  }

  @Test
  void aSectionIsReplacedWhereItStandsAndAppendedWhenAbsent() {
    MarkedSection m = RescaleSection.MARKERS;
    String section = RescaleSection.START + "\nnew\n" + RescaleSection.END + "\n";
    String doc =
        "# Main\n\n" + RescaleSection.START + "\nold\n" + RescaleSection.END + "\n\n" + TIERED;
    assertEquals("# Main\n\n" + section + "\n" + TIERED, m.compose(doc, doc, section));
    assertEquals(doc, m.compose(doc, doc, ""));
    assertEquals("# Main\n\n" + section, m.compose("# Main\n", doc, section));
    assertEquals("# Main\n\n" + TIERED, m.compose(doc, "", ""));
  }
}
