package io.sediment.jmh.report;

/**
 * A part of BENCHMARKS.md between two HTML comment markers, owned by one suite: a run of that suite
 * alone replaces just this part, and a run without it keeps the part the file has.
 *
 * @param start the opening marker, on a line of its own
 * @param end the closing marker, on a line of its own
 */
record MarkedSection(String start, String end) {

  /**
   * {@code base} without this section, followed by {@code section} or, when {@code section} is
   * empty, by the section {@code old} holds (nothing if it holds none).
   */
  String compose(String base, String old, String section) {
    String keep = section.isEmpty() ? extract(old) : section;
    String rest = stripClosingUp(base).stripTrailing() + "\n";
    return keep.isEmpty() ? rest : rest + "\n" + keep;
  }

  /** The section {@code text} holds, markers included and a newline after; "" if none. */
  String extract(String text) {
    int s = text.indexOf(start);
    int e = text.indexOf(end);
    return s < 0 || e < s ? "" : text.substring(s, e + end.length()) + "\n";
  }

  /**
   * {@code text} without the section, the blank lines around it closed up to one, so that moving
   * sections around does not pile up blank lines.
   */
  private String stripClosingUp(String text) {
    int s = text.indexOf(start);
    int e = text.indexOf(end);
    if (s < 0 || e < s) {
      return text;
    }
    String before = text.substring(0, s).stripTrailing();
    String after = text.substring(e + end.length()).stripLeading();
    return before + "\n" + (after.isEmpty() ? "" : "\n" + after);
  }

  /** {@code text} without the section, markers included. */
  String strip(String text) {
    int s = text.indexOf(start);
    int e = text.indexOf(end);
    return s < 0 || e < s ? text : text.substring(0, s) + text.substring(e + end.length());
  }
}
