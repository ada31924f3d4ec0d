package io.sediment.fuzz;

/**
 * A store under test disagreed with the reference: at op {@code opIndex} of the log it observed
 * {@code actual} where the model observed {@code expected}. An {@code opIndex} equal to the log's
 * length means closing the store failed; -1 means opening it failed.
 *
 * @param config the configuration's name
 * @param opIndex the index of the first differing op
 * @param opText the op's text, or "open"/"close"
 * @param expected the model's observation
 * @param actual the store's observation
 * @param detail the store's exception message, or null
 */
public record Mismatch(
    String config, int opIndex, String opText, String expected, String actual, String detail) {

  /** A multi-line description for failure messages. */
  public String describe() {
    return "config "
        + config
        + ", op #"
        + opIndex
        + ": "
        + opText
        + "\n  expected: "
        + expected
        + "\n  actual:   "
        + actual
        + (detail == null ? "" : "\n  exception: " + detail);
  }
}
