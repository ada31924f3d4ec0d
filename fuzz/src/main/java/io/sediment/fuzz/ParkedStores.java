package io.sediment.fuzz;

import io.sediment.keygroups.KeyGroupRange;
import java.util.ArrayList;
import java.util.List;

/**
 * The stores a rescale split off and set aside, each with its key groups, until a merge takes one
 * back: a store keeps a list of them, in the order they were parked, and the engine and the model
 * pick the same one. A restore of another checkpoint forgets them all.
 *
 * @param <T> what a parked store is to its owner (a checkpoint id, a state)
 */
final class ParkedStores<T> {

  /** A parked store: its key groups and what its owner keeps of it. */
  record Parked<T>(KeyGroupRange range, T store) {}

  private final List<Parked<T>> parked = new ArrayList<>();

  void park(KeyGroupRange range, T store) {
    parked.add(new Parked<>(range, store));
  }

  /**
   * The most recently parked store whose key groups adjoin {@code range} (right below or right
   * above it), taken off the list; null when none does.
   */
  Parked<T> takeNeighbour(KeyGroupRange range) {
    for (int i = parked.size() - 1; i >= 0; i--) {
      KeyGroupRange r = parked.get(i).range();
      if (r.end() + 1 == range.start() || range.end() + 1 == r.start()) {
        return parked.remove(i);
      }
    }
    return null;
  }

  /** Whether some parked store adjoins {@code range}. */
  boolean hasNeighbour(KeyGroupRange range) {
    for (Parked<T> p : parked) {
      if (p.range().end() + 1 == range.start() || range.end() + 1 == p.range().start()) {
        return true;
      }
    }
    return false;
  }

  void clear() {
    parked.clear();
  }

  /** The key groups of {@code a} and {@code b}, which adjoin. */
  static KeyGroupRange union(KeyGroupRange a, KeyGroupRange b) {
    return KeyGroupRange.of(Math.min(a.start(), b.start()), Math.max(a.end(), b.end()));
  }
}
