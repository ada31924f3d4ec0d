package io.sediment.jmh.report;

/**
 * Where the Nexmark benchmark's section sits in BENCHMARKS.md and docs/nexmark.md: between two HTML
 * comment markers, so that {@code bench/run --nexmark} replaces just that section where it stands
 * and every other run keeps it as it is.
 */
public final class NexmarkSection {

  /** The line that opens the section. */
  public static final String START = "<!-- nexmark-section:start -->";

  /** The line that closes the section. */
  public static final String END = "<!-- nexmark-section:end -->";

  static final MarkedSection MARKERS = new MarkedSection(START, END);

  private NexmarkSection() {}

  /**
   * {@code doc} with its Nexmark section (markers included) replaced where it stands by {@code
   * section}, or with {@code section} appended at the end when it has none.
   *
   * @throws IllegalArgumentException if {@code section} is not enclosed in the markers
   */
  public static String replace(String doc, String section) {
    if (!(section.startsWith(START) && section.stripTrailing().endsWith(END))) {
      throw new IllegalArgumentException(
          "a Nexmark section starts with " + START + " and ends with " + END);
    }
    return MARKERS.compose(doc, doc, section.stripTrailing() + "\n");
  }

  /**
   * Writes a bar chart of {@code eventsPerSecond[mode][query]} to {@code file} (PNG).
   *
   * @throws java.io.IOException naming the file when it cannot be written
   */
  public static void chart(
      java.nio.file.Path file,
      java.util.List<String> queries,
      java.util.List<String> modes,
      double[][] eventsPerSecond)
      throws java.io.IOException {
    Charts.bars(file, "Nexmark", "events/s", queries, modes, eventsPerSecond);
  }

  /** The Nexmark section of {@code doc}, markers included; empty if it has none. */
  public static String extract(String doc) {
    return MARKERS.extract(doc);
  }

  /** The machine, as the other sections describe it (CPU, cores, memory, OS). */
  public static String machine() {
    return Environment.machine();
  }
}
