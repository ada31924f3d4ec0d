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
   * {@code base} with this section replaced where it stands by {@code section} or, when {@code
   * section} is empty, by the section {@code old} holds; appended at the end after a blank line if
   * {@code base} has none (and left out if there is nothing to put).
   */
  String compose(String base, String old, String section) {
    String keep = section.isEmpty() ? extract(old) : section;
    int s = base.indexOf(start);
    int e = base.indexOf(end);
    if (s >= 0 && e >= s) {
      String after = base.substring(e + end.length());
      after = after.startsWith("\n") ? after.substring(1) : after;
      if (keep.isEmpty()) {
        String before = base.substring(0, s).stripTrailing();
        return before + "\n" + (after.isBlank() ? "" : "\n" + after.stripLeading());
      }
      return base.substring(0, s) + keep + after;
    }
    String rest = base.stripTrailing() + "\n";
    return keep.isEmpty() ? rest : rest + "\n" + keep;
  }

  /** The section {@code text} holds, markers included and a newline after; "" if none. */
  String extract(String text) {
    int s = text.indexOf(start);
    int e = text.indexOf(end);
    return s < 0 || e < s ? "" : text.substring(s, e + end.length()) + "\n";
  }

  /** {@code text} without the section, markers included. */
  String strip(String text) {
    int s = text.indexOf(start);
    int e = text.indexOf(end);
    return s < 0 || e < s ? text : text.substring(0, s) + text.substring(e + end.length());
  }
}
