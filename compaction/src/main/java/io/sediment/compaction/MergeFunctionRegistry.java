package io.sediment.compaction;

import io.sediment.lsm.MergeFunction;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Merge functions by name, for code that is told a name rather than handed an instance (a remote
 * compaction worker configured by a store's manifest). Immutable and thread-safe: {@link #with}
 * returns a new registry. The built-ins of {@link MergeFunctions} are always present; users add
 * their own (an {@link MergeFunctions#aggregating aggregating} function, or any {@link
 * MergeFunction}) under their names.
 */
public final class MergeFunctionRegistry {

  private static final MergeFunctionRegistry BUILT_INS = new MergeFunctionRegistry(builtInMap());

  private final Map<String, MergeFunction> byName;

  private MergeFunctionRegistry(Map<String, MergeFunction> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** The registry of the built-in functions alone. */
  public static MergeFunctionRegistry builtIns() {
    return BUILT_INS;
  }

  /**
   * This registry plus {@code function} under its {@link MergeFunction#name()}.
   *
   * @throws IllegalArgumentException naming the name when it is blank, reserved for the built-ins
   *     ({@value MergeFunctions#RESERVED_PREFIX}...) or already registered
   * @throws NullPointerException if {@code function} is null
   */
  public MergeFunctionRegistry with(MergeFunction function) {
    Objects.requireNonNull(function, "function");
    String name = function.name();
    MergeFunctions.requireUserName(name);
    if (byName.containsKey(name)) {
      throw new IllegalArgumentException("merge function '" + name + "' is already registered");
    }
    TreeMap<String, MergeFunction> copy = new TreeMap<>(byName);
    copy.put(name, function);
    return new MergeFunctionRegistry(copy);
  }

  /**
   * The function called {@code name}.
   *
   * @throws IllegalArgumentException naming {@code name} and the known names when none has it
   */
  public MergeFunction get(String name) {
    MergeFunction f = name == null ? null : byName.get(name);
    if (f == null) {
      throw new IllegalArgumentException(
          "unknown merge function '" + name + "'; known: " + String.join(", ", names()));
    }
    return f;
  }

  /** The registered names, sorted. */
  public SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(byName.keySet()));
  }

  private static Map<String, MergeFunction> builtInMap() {
    TreeMap<String, MergeFunction> m = new TreeMap<>();
    for (MergeFunction f : MergeFunctions.builtIns()) {
      m.put(f.name(), f);
    }
    return m;
  }
}
