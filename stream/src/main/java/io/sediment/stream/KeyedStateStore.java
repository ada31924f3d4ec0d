package io.sediment.stream;

import io.sediment.compaction.Aggregator;
import io.sediment.compaction.MergeFunctions;
import io.sediment.compaction.TtlCompactionFilter;
import io.sediment.compaction.TtlConfig;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.keygroups.KeyGroups;
import io.sediment.lsm.CompactionFilter;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.MergeFunction;
import io.sediment.stream.internal.ListValues;
import io.sediment.stream.internal.ReducingMerge;
import io.sediment.stream.internal.StateCompactionFilter;
import io.sediment.stream.internal.StateKeyLayout;
import io.sediment.stream.internal.StateMergeFunction;
import io.sediment.stream.internal.TtlFoldMerge;
import java.io.IOException;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * The keyed state of one operator instance, in one Sediment store: every declared state has its own
 * key prefix (derived from its name) inside each key group, keys are key-group-prefixed and the
 * store declares its key-group range, so that it can be checkpointed and rescaled by the {@code
 * snapshot} module like any store.
 *
 * <p>The store's one merge function ({@value StateMergeFunction#NAME}) routes by state prefix: list
 * appends to {@link MergeFunctions#listAppend()}, aggregations to {@link
 * MergeFunctions#aggregating}, reductions to a reduce fold, so that {@code add} never reads. States
 * with a TTL get the compaction library's {@link TtlCompactionFilter} in their layout, routed the
 * same way. Both are fixed when the store opens, which is why every state is declared here first. A
 * store written with this layout needs the same declarations to be reopened or restored.
 *
 * <p>Time for TTL comes from the injected clock (default: the system UTC clock). Accessed through
 * an {@link ExecutionController}; {@link #db()} is for checkpoints and statistics. Closing closes
 * the store.
 *
 * @param <K> the key type; its {@code hashCode} picks the key group (Flink's rule)
 */
public final class KeyedStateStore<K> implements AutoCloseable {

  /** A declared state and its id. */
  record Declared(StateDescriptor<?> descriptor, int id) {}

  private final Db db;
  private final Serializer<K> keySerializer;
  private final KeyGroupRange keyGroups;
  private final int maxParallelism;
  private final Clock clock;
  private final StateKeyLayout layout;
  private final Map<String, Declared> states;

  private KeyedStateStore(Builder<K> b, Db db, StateKeyLayout layout, Map<String, Declared> s) {
    this.db = db;
    this.keySerializer = b.keySerializer;
    this.keyGroups = b.keyGroups;
    this.maxParallelism = b.maxParallelism;
    this.clock = b.clock;
    this.layout = layout;
    this.states = Collections.unmodifiableMap(s);
  }

  /**
   * Starts a store for the keys of {@code keyGroups} out of {@code maxParallelism}.
   *
   * @param db the store's options (directory, caches, file system...); its merge function,
   *     compaction filter and key groups are set by {@link Builder#open()}
   * @param keySerializer serializes record keys
   * @throws IllegalArgumentException if an argument is null, or the range is empty or does not fit
   *     {@code maxParallelism}
   */
  public static <K> Builder<K> builder(
      DbOptions.Builder db,
      Serializer<K> keySerializer,
      KeyGroupRange keyGroups,
      int maxParallelism) {
    return new Builder<>(db, keySerializer, keyGroups, maxParallelism);
  }

  /** The store, for checkpoints ({@code CheckpointStorage.checkpoint}) and statistics. */
  public Db db() {
    return db;
  }

  /** The key groups this store holds. */
  public KeyGroupRange keyGroups() {
    return keyGroups;
  }

  /** The number of key groups of the job. */
  public int maxParallelism() {
    return maxParallelism;
  }

  /** The names of the declared states. */
  public java.util.Set<String> stateNames() {
    return states.keySet();
  }

  Serializer<K> keySerializer() {
    return keySerializer;
  }

  Clock clock() {
    return clock;
  }

  StateKeyLayout layout() {
    return layout;
  }

  /**
   * The declaration of {@code descriptor}'s state.
   *
   * @throws IllegalArgumentException if no state of that name and kind was declared
   */
  Declared declared(StateDescriptor<?> descriptor) {
    Declared d = states.get(descriptor.name());
    if (d == null || d.descriptor().kind() != descriptor.kind()) {
      throw new IllegalArgumentException(
          descriptor + " was not declared when the store opened; declared: " + states.keySet());
    }
    return d;
  }

  /** Closes the store (flushing it). */
  @Override
  public void close() throws IOException {
    db.close();
  }

  /** The prefix of a state's keys inside each key group: 4 bytes of SHA-256 of its name. */
  static int stateId(String name) {
    return StateKeyLayout.stateId(name);
  }

  /**
   * Opens a store from its options: {@link Db#open} for a new or reopened store, or a restore from
   * checkpoints ({@code Restore.open}).
   */
  @FunctionalInterface
  public interface Opener {
    /**
     * Opens the store {@code options} describe.
     *
     * @throws IOException naming the URI if it cannot be opened
     */
    Db open(DbOptions options) throws IOException;
  }

  /**
   * Declares the states, then opens the store.
   *
   * @param <K> the key type
   */
  public static final class Builder<K> {
    private final DbOptions.Builder db;
    private final Serializer<K> keySerializer;
    private final KeyGroupRange keyGroups;
    private final int maxParallelism;
    private final Map<String, StateDescriptor<?>> descriptors = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();

    private Builder(
        DbOptions.Builder db,
        Serializer<K> keySerializer,
        KeyGroupRange keyGroups,
        int maxParallelism) {
      if (db == null || keySerializer == null || keyGroups == null) {
        throw new IllegalArgumentException(
            "db, keySerializer and keyGroups must not be null: "
                + db
                + ", "
                + keySerializer
                + ", "
                + keyGroups);
      }
      KeyGroups.checkMaxParallelism(maxParallelism);
      if (keyGroups.isEmpty() || keyGroups.end() >= maxParallelism) {
        throw new IllegalArgumentException(
            "key groups " + keyGroups + " do not fit maxParallelism " + maxParallelism);
      }
      this.db = db;
      this.keySerializer = keySerializer;
      this.keyGroups = keyGroups;
      this.maxParallelism = maxParallelism;
    }

    /**
     * Declares states.
     *
     * @throws IllegalArgumentException if a descriptor is null, a name is declared twice, or two
     *     names map to the same prefix (rename one)
     */
    public Builder<K> declare(StateDescriptor<?>... states) {
      for (StateDescriptor<?> d : states) {
        if (d == null) {
          throw new IllegalArgumentException("state descriptor must not be null");
        }
        if (descriptors.putIfAbsent(d.name(), d) != null) {
          throw new IllegalArgumentException("state '" + d.name() + "' is declared twice");
        }
      }
      return this;
    }

    /**
     * The clock of state TTL.
     *
     * @throws IllegalArgumentException if {@code clock} is null
     */
    public Builder<K> clock(Clock clock) {
      if (clock == null) {
        throw new IllegalArgumentException("clock must not be null");
      }
      this.clock = clock;
      return this;
    }

    /**
     * Opens the store with the declared states.
     *
     * @throws IllegalArgumentException if two state names map to the same prefix, or the store was
     *     written with another merge function
     * @throws IOException naming the URI if the store cannot be opened
     */
    public KeyedStateStore<K> open() throws IOException {
      return open(Db::open);
    }

    /**
     * Opens the store with the declared states through {@code opener}, which gets the complete
     * options (merge function, compaction filter, key groups set): a restore from a checkpoint
     * ({@code options -> Restore.open(handle, options)}) or from the checkpoints of several stores
     * at another parallelism.
     *
     * @throws IllegalArgumentException if {@code opener} is null, two state names map to the same
     *     prefix, or the opener refuses the options
     * @throws IOException naming the URI if the store cannot be opened
     */
    public KeyedStateStore<K> open(Opener opener) throws IOException {
      if (opener == null) {
        throw new IllegalArgumentException("opener must not be null");
      }
      StateKeyLayout layout = new StateKeyLayout(maxParallelism);
      Map<String, Declared> declared = new LinkedHashMap<>();
      Map<Integer, String> ids = new HashMap<>();
      Map<Integer, MergeFunction> merges = new HashMap<>();
      Map<Integer, CompactionFilter> filters = new HashMap<>();
      for (StateDescriptor<?> d : descriptors.values()) {
        int id = stateId(d.name());
        String other = ids.putIfAbsent(id, d.name());
        if (other != null) {
          throw new IllegalArgumentException(
              "states '" + other + "' and '" + d.name() + "' map to the same prefix; rename one");
        }
        declared.put(d.name(), new Declared(d, id));
        MergeFunction merge = mergeFunction(d);
        if (merge != null) {
          merges.put(id, merge);
        }
        if (d.ttl() != null) {
          filters.put(id, TtlCompactionFilter.create(ttlConfig(d), clock));
        }
      }
      db.keyGroups(keyGroups, maxParallelism).mergeFunction(new StateMergeFunction(layout, merges));
      if (!filters.isEmpty()) {
        db.compactionFilter(new StateCompactionFilter(layout, filters));
      }
      return new KeyedStateStore<>(this, opener.open(db.build()), layout, declared);
    }

    private static TtlConfig ttlConfig(StateDescriptor<?> d) {
      long ttl = d.ttl().millis();
      return switch (d.kind()) {
        case VALUE, REDUCING, AGGREGATING -> TtlConfig.valueState(ttl);
        case MAP -> TtlConfig.mapState(ttl);
        case LIST -> TtlConfig.listState(ttl, ListValues.ELEMENT_LENGTH);
      };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static MergeFunction mergeFunction(StateDescriptor<?> d) {
      MergeFunction inner =
          switch (d.kind()) {
            case VALUE, MAP -> null;
            case LIST -> MergeFunctions.listAppend();
            case REDUCING ->
                new ReducingMerge(d.name(), (BinaryOperator) d.reduce(), d.valueSerializer());
            case AGGREGATING ->
                MergeFunctions.aggregating(
                    "stream.aggregate." + d.name(), (Aggregator) d.aggregator());
          };
      if (inner == null || d.ttl() == null || d.kind() == StateKind.LIST) {
        return inner;
      }
      return new TtlFoldMerge(inner, d.ttl().millis());
    }
  }

  @Override
  public String toString() {
    return "KeyedStateStore[" + db + ", " + keyGroups + "/" + maxParallelism + "]";
  }
}
