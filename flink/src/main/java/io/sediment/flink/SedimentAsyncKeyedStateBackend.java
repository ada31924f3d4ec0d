package io.sediment.flink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RunnableFuture;
import org.apache.flink.api.common.state.v2.AggregatingStateDescriptor;
import org.apache.flink.api.common.state.v2.MapStateDescriptor;
import org.apache.flink.api.common.state.v2.ReducingStateDescriptor;
import org.apache.flink.api.common.state.v2.State;
import org.apache.flink.api.common.state.v2.StateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.asyncprocessing.RecordContext;
import org.apache.flink.runtime.asyncprocessing.StateExecutor;
import org.apache.flink.runtime.asyncprocessing.StateRequestHandler;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.SnapshotType;
import org.apache.flink.runtime.state.AsyncKeyedStateBackend;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupedInternalPriorityQueue;
import org.apache.flink.runtime.state.Keyed;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.PriorityComparable;
import org.apache.flink.runtime.state.SnapshotResult;
import org.apache.flink.runtime.state.heap.HeapPriorityQueueElement;
import org.apache.flink.runtime.state.v2.AbstractAggregatingState;
import org.apache.flink.runtime.state.v2.AbstractListState;
import org.apache.flink.runtime.state.v2.AbstractMapState;
import org.apache.flink.runtime.state.v2.AbstractReducingState;
import org.apache.flink.runtime.state.v2.AbstractValueState;
import org.apache.flink.runtime.state.v2.internal.InternalKeyedState;
import org.apache.flink.runtime.state.v2.ttl.TtlStateFactory;

/**
 * The State V2 keyed backend of one operator instance: Flink's asynchronous states (value, list,
 * map, reducing, aggregating) whose requests run in batches through a {@link SedimentStateExecutor}
 * on the same store, in the same key layout, as State V1. Everything else is the State V1
 * backend's: checkpoints (zero-copy, {@link SedimentCheckpoints}), restore, heap timers written to
 * the raw keyed state, and disposal.
 *
 * <p>States are created by the task thread after {@link #setup}; state TTL wraps them through
 * Flink's TTL state factory.
 */
final class SedimentAsyncKeyedStateBackend<K> implements AsyncKeyedStateBackend<K> {

  private final SedimentKeyedStateBackend<K> base;
  private final Map<State, AsyncStateInfo<?>> infos = new ConcurrentHashMap<>();
  private final Map<String, State> byName = new HashMap<>();
  private final List<SedimentStateExecutor<K>> executors = new ArrayList<>();
  private StateRequestHandler handler;
  private boolean disposed;

  SedimentAsyncKeyedStateBackend(SedimentKeyedStateBackend<K> base) {
    this.base = base;
  }

  @Override
  public void setup(StateRequestHandler stateRequestHandler) {
    this.handler = stateRequestHandler;
  }

  /**
   * The state of {@code descriptor}'s id, created (TTL-wrapped if the descriptor enables TTL) on
   * first use.
   *
   * @throws IllegalStateException before {@link #setup}
   * @throws UnsupportedOperationException for a state type Sediment does not store
   */
  @Override
  @SuppressWarnings("unchecked")
  public <N, S extends State, SV> S getOrCreateKeyedState(
      N defaultNamespace, TypeSerializer<N> namespaceSerializer, StateDescriptor<SV> descriptor)
      throws Exception {
    State existing = byName.get(descriptor.getStateId());
    if (existing != null) {
      return (S) existing;
    }
    if (!descriptor.isSerializerInitialized()) {
      descriptor.initializeSerializerUnlessSet(base.executionConfig());
    }
    S state =
        TtlStateFactory.createStateAndWrapWithTtlIfEnabled(
            defaultNamespace, namespaceSerializer, descriptor, this, base.ttlTimeProvider());
    byName.put(descriptor.getStateId(), state);
    return state;
  }

  /**
   * A new state issuing requests to the handler given to {@link #setup}.
   *
   * @throws IllegalStateException before {@link #setup}
   * @throws UnsupportedOperationException for a state type Sediment does not store
   */
  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <N, S extends InternalKeyedState, SV> S createStateInternal(
      N defaultNamespace, TypeSerializer<N> namespaceSerializer, StateDescriptor<SV> descriptor) {
    if (handler == null) {
      throw new IllegalStateException(
          "state '" + descriptor.getStateId() + "' requested before the backend was set up");
    }
    if (!descriptor.isSerializerInitialized()) {
      descriptor.initializeSerializerUnlessSet(base.executionConfig());
    }
    TypeSerializer<SV> serializer = descriptor.getSerializer();
    TypeSerializer<?> userKeySerializer = null;
    InternalKeyedState state;
    switch (descriptor.getType()) {
      case VALUE:
        state = new AbstractValueState<>(handler, serializer);
        break;
      case LIST:
        state = new AbstractListState<>(handler, serializer);
        break;
      case MAP:
        userKeySerializer = ((MapStateDescriptor<?, SV>) descriptor).getUserKeySerializer();
        state = new AbstractMapState<>(handler, serializer);
        break;
      case REDUCING:
        state =
            new AbstractReducingState<>(
                handler,
                ((ReducingStateDescriptor<SV>) descriptor).getReduceFunction(),
                serializer);
        break;
      case AGGREGATING:
        state =
            new AbstractAggregatingState<>(
                handler,
                ((AggregatingStateDescriptor) descriptor).getAggregateFunction(),
                serializer);
        break;
      default:
        throw new UnsupportedOperationException(
            "state '"
                + descriptor.getStateId()
                + "' has type "
                + descriptor.getType()
                + ", which Sediment does not store");
    }
    infos.put(
        state,
        new AsyncStateInfo<>(
            descriptor.getStateId(),
            descriptor.getType(),
            defaultNamespace,
            namespaceSerializer,
            serializer,
            userKeySerializer));
    return (S) state;
  }

  /**
   * A new executor on the backend's store, shut down with the backend at the latest.
   *
   * @throws IllegalStateException after {@link #dispose}
   */
  @Override
  public StateExecutor createStateExecutor() {
    if (disposed) {
      throw new IllegalStateException("the Sediment backend is disposed");
    }
    SedimentStateExecutor<K> executor =
        new SedimentStateExecutor<>(
            base.db(), base.keyGroupPrefix(), base.getKeySerializer(), infos);
    executors.add(executor);
    return executor;
  }

  @Override
  public KeyGroupRange getKeyGroupRange() {
    return base.getKeyGroupRange();
  }

  /** Keeps the State V1 backend's current key in step (timers and V1 reads see the same key). */
  @Override
  public void switchContext(RecordContext<K> context) {
    if (context != null && context.getKey() != null) {
      base.setCurrentKeyAndKeyGroup(context.getKey(), context.getKeyGroup());
    }
  }

  @Override
  public RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot(
      long checkpointId,
      long timestamp,
      CheckpointStreamFactory streamFactory,
      CheckpointOptions checkpointOptions)
      throws Exception {
    return base.snapshot(checkpointId, timestamp, streamFactory, checkpointOptions);
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    base.notifyCheckpointComplete(checkpointId);
  }

  @Override
  public void notifyCheckpointAborted(long checkpointId) throws Exception {
    base.notifyCheckpointAborted(checkpointId);
  }

  @Override
  public void notifyCheckpointSubsumed(long checkpointId) throws Exception {
    base.notifyCheckpointSubsumed(checkpointId);
  }

  @Override
  public <T extends HeapPriorityQueueElement & PriorityComparable<? super T> & Keyed<?>>
      KeyGroupedInternalPriorityQueue<T> create(
          String stateName, TypeSerializer<T> byteOrderedElementSerializer) {
    return base.create(stateName, byteOrderedElementSerializer);
  }

  @Override
  public <T extends HeapPriorityQueueElement & PriorityComparable<? super T> & Keyed<?>>
      KeyGroupedInternalPriorityQueue<T> create(
          String stateName,
          TypeSerializer<T> byteOrderedElementSerializer,
          boolean allowFutureMetadataUpdates) {
    return base.create(stateName, byteOrderedElementSerializer, allowFutureMetadataUpdates);
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
    return base.getBackendTypeIdentifier();
  }

  /** Shuts the executors down (waiting for running batches), then disposes the V1 backend. */
  @Override
  public void dispose() {
    if (disposed) {
      return;
    }
    disposed = true;
    for (SedimentStateExecutor<K> e : executors) {
      e.shutdown();
    }
    executors.clear();
    infos.clear();
    byName.clear();
    base.dispose();
  }

  @Override
  public void close() throws IOException {
    base.close();
  }
}
