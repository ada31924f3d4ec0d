package io.sediment.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a store showed while a log ran: one observation per op, in log order. Observations are
 * compared as strings; an op that threw is observed as {@code error <ExceptionType>}, and the
 * exception's message is kept apart ({@link #detail}) so that messages, which differ between
 * stores, never make two histories differ.
 */
public final class History {

  private final List<String> observations = new ArrayList<>();
  private final List<String> details = new ArrayList<>();

  void add(String observation, String detail) {
    observations.add(observation);
    details.add(detail);
  }

  /** Number of ops observed. */
  public int size() {
    return observations.size();
  }

  /** The observation of op {@code i}. */
  public String observation(int i) {
    return observations.get(i);
  }

  /** The message of the exception op {@code i} threw, or null. */
  public String detail(int i) {
    return details.get(i);
  }

  /** Every observation, in order. */
  public List<String> observations() {
    return Collections.unmodifiableList(observations);
  }

  /**
   * The index of the first op whose observation differs from {@code other}'s, or -1 when the
   * histories are equal (a shorter history differs at its end).
   */
  public int firstDifference(History other) {
    int n = Math.min(size(), other.size());
    for (int i = 0; i < n; i++) {
      if (!observations.get(i).equals(other.observations.get(i))) {
        return i;
      }
    }
    return size() == other.size() ? -1 : n;
  }
}
