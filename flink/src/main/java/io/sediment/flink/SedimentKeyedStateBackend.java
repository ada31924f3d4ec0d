package io.sediment.flink;

import io.sediment.keygroups.KeyGroupPrefix;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.DbOptions;
import io.sediment.snapshot.CheckpointHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Stream;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.ReduceFunction;
import org.apache.flink.api.common.state.AggregatingStateDescriptor;
import org.apache.flink.api.common.state.ReducingStateDescriptor;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.fs.CloseableRegistry;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.SnapshotType;
import org.apache.flink.runtime.query.TaskKvStateRegistry;
import org.apache.flink.runtime.state.AbstractKeyedStateBackend;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.runtime.state.DoneFuture;
import org.apache.flink.runtime.state.InternalKeyContext;
import org.apache.flink.runtime.state.KeyGroupedInternalPriorityQueue;
import org.apache.flink.runtime.state.Keyed;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.PriorityComparable;
import org.apache.flink.runtime.state.SavepointResources;
import org.apache.flink.runtime.state.SnapshotResult;
import org.apache.flink.runtime.state.StateSnapshotTransformer.StateSnapshotTransformFactory;
import org.apache.flink.runtime.state.heap.HeapPriorityQueueElement;
import org.apache.flink.runtime.state.heap.HeapPriorityQueueSetFactory;
import org.apache.flink.runtime.state.metrics.LatencyTrackingStateConfig;
import org.apache.flink.runtime.state.metrics.SizeTrackingStateConfig;
import org.apache.flink.runtime.state.ttl.TtlTimeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keyed state backend (State V1) of one operator instance: one Sediment store holding every
 * keyed state of the instance (key-group prefix first, then the state id: {@link StateKeyCodec}),
 * timers on Flink's heap priority queues (written to the checkpoint's raw keyed state by Flink),
 * and checkpoints that reference the store's files in place ({@link SedimentCheckpoints}).
 *
 * <p>Checkpoints are taken in the synchronous phase (a memtable flush and a metadata write; no SST
 * byte is copied), so the asynchronous phase has nothing left to do. Disposing closes the store and
 * destroys its directory, leaving every file a checkpoint references to that checkpoint's storage.
 */
final class SedimentKeyedStateBackend<K> extends AbstractKeyedStateBackend<K>
    implements StateContext<K> {

  private static final Logger LOG = LoggerFactory.getLogger(SedimentKeyedStateBackend.class);

  private final UUID backendId;
  private final ExecutionConfig executionConfig;
  private final Db db;
  private final DbOptions dbOptions;
  private final SedimentCheckpoints checkpoints;
  private final KeyGroupPrefix prefix;
  private final HeapPriorityQueueSetFactory timers;
  private final Map<String, AbstractSedimentState<K, ?, ?>> states = new HashMap<>();
  private boolean disposed;

  SedimentKeyedStateBackend(
      TaskKvStateRegistry kvStateRegistry,
      TypeSerializer<K> keySerializer,
      ClassLoader userCodeClassLoader,
      ExecutionConfig executionConfig,
      TtlTimeProvider ttlTimeProvider,
      CloseableRegistry cancelStreamRegistry,
      InternalKeyContext<K> keyContext,
      UUID backendId,
      Db db,
      DbOptions dbOptions,
      SedimentCheckpoints checkpoints) {
    super(
        kvStateRegistry,
        keySerializer,
        userCodeClassLoader,
        executionConfig,
        ttlTimeProvider,
        LatencyTrackingStateConfig.disabled(),
        SizeTrackingStateConfig.disabled(),
        cancelStreamRegistry,
        keyContext);
    this.backendId = backendId;
    this.executionConfig = executionConfig;
    this.db = db;
    this.dbOptions = dbOptions;
    this.checkpoints = checkpoints;
    this.prefix = KeyGroupPrefix.forMaxParallelism(keyContext.getNumberOfKeyGroups());
    this.timers =
        new HeapPriorityQueueSetFactory(
            keyContext.getKeyGroupRange(), keyContext.getNumberOfKeyGroups(), 128);
  }

  /** The job's execution configuration (serializer set-up of State V2 descriptors). */
  ExecutionConfig executionConfig() {
    return executionConfig;
  }

  /** The clock of state TTL. */
  TtlTimeProvider ttlTimeProvider() {
    return ttlTimeProvider;
  }

  // ---- StateContext

  @Override
  public Db db() {
    return db;
  }

  @Override
  public K currentKey() {
    return getCurrentKey();
  }

  @Override
  public int currentKeyGroup() {
    return getCurrentKeyGroupIndex();
  }

  @Override
  public TypeSerializer<K> keySerializer() {
    return keySerializer;
  }

  @Override
  public KeyGroupPrefix keyGroupPrefix() {
    return prefix;
  }

  // ---- state creation

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <N, SV, SEV, S extends State, IS extends S> IS createOrUpdateInternalState(
      TypeSerializer<N> namespaceSerializer,
      StateDescriptor<S, SV> stateDesc,
      StateSnapshotTransformFactory<SEV> snapshotTransformFactory)
      throws Exception {
    String name = stateDesc.getName();
    TypeSerializer<SV> serializer = stateDesc.getSerializer();
    AbstractSedimentState<K, ?, ?> existing = states.get(name);
    if (existing != null) {
      ((AbstractSedimentState) existing).updateSerializers(namespaceSerializer, serializer);
      return (IS) existing;
    }
    AbstractSedimentState<K, ?, ?> state;
    switch (stateDesc.getType()) {
      case VALUE:
        state =
            new SedimentValueState<>(
                this,
                name,
                namespaceSerializer,
                serializer,
                ((ValueStateDescriptor<SV>) stateDesc).getDefaultValue());
        break;
      case LIST:
        state = new SedimentListState(this, name, namespaceSerializer, serializer);
        break;
      case MAP:
        state = new SedimentMapState(this, name, namespaceSerializer, serializer);
        break;
      case REDUCING:
        ReduceFunction<SV> reduce = ((ReducingStateDescriptor<SV>) stateDesc).getReduceFunction();
        state = new SedimentReducingState<>(this, name, namespaceSerializer, serializer, reduce);
        break;
      case AGGREGATING:
        AggregateFunction agg = ((AggregatingStateDescriptor) stateDesc).getAggregateFunction();
        state = new SedimentAggregatingState(this, name, namespaceSerializer, serializer, agg);
        break;
      default:
        throw new UnsupportedOperationException(
            "state '"
                + name
                + "' has type "
                + stateDesc.getType()
                + ", which Sediment does not store");
    }
    states.put(name, state);
    return (IS) state;
  }

  @Override
  public <T extends HeapPriorityQueueElement & PriorityComparable<? super T> & Keyed<?>>
      KeyGroupedInternalPriorityQueue<T> create(
          String stateName, TypeSerializer<T> byteOrderedElementSerializer) {
    return timers.create(stateName, byteOrderedElementSerializer);
  }

  /** Timers live on the heap: Flink writes them to the checkpoint's raw keyed state. */
  @Override
  public boolean requiresLegacySynchronousTimerSnapshots(SnapshotType checkpointType) {
    return true;
  }

  @Override
  public boolean isSafeToReuseKVState() {
    return true;
  }

  @Override
  public String getBackendTypeIdentifier() {
    return "sediment";
  }

  // ---- keys

  @Override
  public <N> Stream<K> getKeys(String stateName, N namespace) {
    return getKeysAndNamespaces(stateName)
        .filter(t -> namespace.equals(t.f1))
        .map(t -> t.f0)
        .distinct();
  }

  @Override
  public <N> Stream<K> getKeys(List<String> stateNames, N namespace) {
    return stateNames.stream().flatMap(s -> getKeys(s, namespace)).distinct();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <N> Stream<Tuple2<K, N>> getKeysAndNamespaces(String stateName) {
    AbstractSedimentState<K, N, ?> state = (AbstractSedimentState<K, N, ?>) states.get(stateName);
    if (state == null) {
      return Stream.empty();
    }
    List<Tuple2<K, N>> out = new ArrayList<>();
    try {
      for (int kg : keyGroupsOf()) {
        byte[] p = state.codec.keyGroupPrefix(kg);
        try (DbIterator it = state.scan(p)) {
          Tuple2<K, N> last = null;
          for (it.seekToFirst(); it.isValid(); it.next()) {
            byte[] key = it.key();
            Tuple2<K, N> t =
                Tuple2.of(
                    state.codec.readKey(key, keySerializer),
                    state.codec.readNamespace(key, state.namespaceSerializer));
            if (!t.equals(last)) {
              out.add(t);
              last = t;
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing keys of state '" + stateName + "'", e);
    }
    return out.stream();
  }

  private Iterable<Integer> keyGroupsOf() {
    return getKeyGroupRange();
  }

  @Override
  public int numKeyValueStateEntries() {
    int count = 0;
    try (DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        count++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("counting entries of " + dbOptions.dirUri(), e);
    }
    return count;
  }

  // ---- checkpoints

  @Override
  public RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot(
      long checkpointId,
      long timestamp,
      CheckpointStreamFactory streamFactory,
      CheckpointOptions checkpointOptions)
      throws Exception {
    boolean savepoint = checkpointOptions.getCheckpointType().isSavepoint();
    CheckpointHandle h = checkpoints.checkpoint(db, checkpointId, savepoint);
    KeyedStateHandle handle =
        SedimentHandles.toFlink(backendId, getKeyGroupRange(), checkpointId, checkpoints.root(), h);
    return DoneFuture.of(SnapshotResult.of(handle));
  }

  /**
   * Canonical savepoints are not written by this backend; native savepoints are.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public SavepointResources<K> savepoint() {
    throw new UnsupportedOperationException(
        "the Sediment state backend writes native savepoints only (savepoint format NATIVE)");
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {}

  @Override
  public void notifyCheckpointSubsumed(long checkpointId) {
    checkpoints.subsumed(checkpointId);
  }

  @Override
  public void notifyCheckpointAborted(long checkpointId) {
    checkpoints.aborted(checkpointId);
  }

  // ---- lifecycle

  @Override
  public void dispose() {
    if (disposed) {
      return;
    }
    disposed = true;
    super.dispose();
    states.clear();
    try {
      db.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("closing the store in {} failed", dbOptions.dirUri(), e);
    }
    try {
      Db.destroy(dbOptions);
    } catch (IOException | RuntimeException e) {
      LOG.warn("destroying the store in {} failed", dbOptions.dirUri(), e);
    }
    try {
      checkpoints.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("closing the checkpoint storage {} failed", checkpoints.root(), e);
    }
  }
}
