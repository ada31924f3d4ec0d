package io.sediment.compaction;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link CompactionWorker} says about one job: its state and how far it has got. Sent as
 * text, one {@code key=value} line per field ({@code state}, {@code entries}, {@code
 * bytes-written}, {@code outputs}, {@code error}); see {@code docs/compaction.md}. A client that
 * polls a job tells a slow worker (counts growing) from a hung one (counts standing still).
 *
 * @param state the job's state
 * @param entries entries written so far
 * @param bytesWritten bytes of finished outputs so far
 * @param outputs outputs finished so far
 * @param error why the job failed, empty otherwise
 */
public record WorkerStatus(
    State state, long entries, long bytesWritten, long outputs, String error) {

  /** The states of a job on a worker. */
  public enum State {
    /** Running (or about to). */
    RUNNING,
    /** Finished; its result can be fetched. */
    SUCCEEDED,
    /** Failed: nothing of it is left (its outputs were deleted). */
    FAILED,
    /** Cancelled before it finished: nothing of it is left. */
    CANCELLED;

    /** Whether the job is over: nothing on the worker writes for it any more. */
    public boolean terminal() {
      return this != RUNNING;
    }
  }

  /**
   * @throws IllegalArgumentException if the state or error is null, or a count is negative
   */
  public WorkerStatus {
    if (state == null || error == null || entries < 0 || bytesWritten < 0 || outputs < 0) {
      throw new IllegalArgumentException(
          "bad status: " + state + ", " + entries + ", " + bytesWritten + ", " + outputs);
    }
    error = error.replace('\n', ' ').replace('\r', ' ');
  }

  /** The text form. */
  public String toText() {
    return "state="
        + state
        + "\nentries="
        + entries
        + "\nbytes-written="
        + bytesWritten
        + "\noutputs="
        + outputs
        + "\nerror="
        + error
        + "\n";
  }

  /**
   * Parses {@link #toText()}'s form.
   *
   * @throws IllegalArgumentException naming the text if a field is missing or malformed
   */
  public static WorkerStatus parse(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    try {
      return new WorkerStatus(
          State.valueOf(required(fields, "state", text)),
          Long.parseLong(required(fields, "entries", text)),
          Long.parseLong(required(fields, "bytes-written", text)),
          Long.parseLong(required(fields, "outputs", text)),
          fields.getOrDefault("error", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed worker status: '" + text + "'", e);
    }
  }

  private static String required(Map<String, String> fields, String key, String text) {
    String v = fields.get(key);
    if (v == null) {
      throw new IllegalArgumentException("worker status lacks " + key + ": '" + text + "'");
    }
    return v;
  }
}
