package io.sediment.jmh.report;

/**
 * Where the stream benchmark's section sits in BENCHMARKS.md: between two HTML comment markers at
 * the end of the file, so that {@code bench/run --stream} replaces just that section and the other
 * modes' rewrites keep it as it is.
 */
public final class StreamSection {

  /** The line that opens the section. */
  public static final String START = "<!-- stream-section:start -->";

  /** The line that closes the section. */
  public static final String END = "<!-- stream-section:end -->";

  private StreamSection() {}

  /**
   * {@code doc} with its stream section (markers included) replaced by {@code section}, or with
   * {@code section} appended at the end when it has none; an empty {@code section} removes it.
   *
   * @throws IllegalArgumentException if {@code section} is neither empty nor enclosed in the
   *     markers
   */
  public static String replace(String doc, String section) {
    if (!section.isEmpty()
        && !(section.startsWith(START) && section.stripTrailing().endsWith(END))) {
      throw new IllegalArgumentException(
          "a stream section starts with " + START + " and ends with " + END);
    }
    String rest = strip(doc).stripTrailing() + "\n";
    return section.isEmpty() ? rest : rest + "\n" + section.stripTrailing() + "\n";
  }

  /** The stream section of {@code doc}, markers included; empty if it has none. */
  public static String extract(String doc) {
    int s = doc.indexOf(START);
    int e = doc.indexOf(END);
    return s < 0 || e < s ? "" : doc.substring(s, e + END.length()) + "\n";
  }

  /** The machine, as the other sections describe it (CPU, cores, memory, OS). */
  public static String machine() {
    return Environment.machine();
  }

  /** {@code doc} without its stream section. */
  static String strip(String doc) {
    int s = doc.indexOf(START);
    int e = doc.indexOf(END);
    return s < 0 || e < s ? doc : doc.substring(0, s) + doc.substring(e + END.length());
  }
}
