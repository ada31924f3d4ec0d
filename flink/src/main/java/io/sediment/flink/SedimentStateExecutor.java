package io.sediment.flink;

import io.sediment.keygroups.KeyGroupPrefix;
import io.sediment.lsm.Db;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.state.v2.State;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.asyncprocessing.AsyncRequestContainer;
import org.apache.flink.runtime.asyncprocessing.StateExecutor;
import org.apache.flink.runtime.asyncprocessing.StateRequest;

/**
 * Runs the State V2 requests of one keyed backend against its store: each batch Flink's execution
 * controller hands over becomes one {@link StateRequestBatch} (one sorted multi-get and one write
 * batch) on one of the executor's I/O threads, which completes the requests' futures. Batches run
 * side by side; Flink never has two records of one key in flight, and a record's follow-up request
 * is only issued once its previous one completed, which is after its batch wrote.
 *
 * <p>{@link #executeBatchRequests} and {@link #createRequestContainer} are called by the task
 * thread; {@link #shutdown} waits for the running batches.
 */
final class SedimentStateExecutor<K> implements StateExecutor {

  /** I/O threads per executor. */
  static final int IO_THREADS = 2;

  /** Batches in flight at which the executor reports itself fully loaded. */
  static final int MAX_BATCHES_IN_FLIGHT = 4 * IO_THREADS;

  private static final AtomicInteger EXECUTORS = new AtomicInteger();

  private final Db db;
  private final KeyGroupPrefix keyGroups;
  private final TypeSerializer<K> keySerializer;
  private final Map<State, AsyncStateInfo<?>> states;
  private final ExecutorService io;
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * @param states the backend's states, by the state object its requests carry (read concurrently)
   */
  SedimentStateExecutor(
      Db db,
      KeyGroupPrefix keyGroups,
      TypeSerializer<K> keySerializer,
      Map<State, AsyncStateInfo<?>> states) {
    this.db = db;
    this.keyGroups = keyGroups;
    this.keySerializer = keySerializer;
    this.states = states;
    this.io = Executors.newFixedThreadPool(IO_THREADS, threads(EXECUTORS.incrementAndGet()));
  }

  private static ThreadFactory threads(int executor) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "sediment-state-io-" + executor + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Runs the container's requests as one batch on an I/O thread.
   *
   * @return completes when every request's future is completed
   * @throws IllegalArgumentException if the container is not one of this executor's, or a request
   *     names a state this backend did not create
   * @throws java.util.concurrent.RejectedExecutionException after {@link #shutdown}
   */
  @Override
  public CompletableFuture<Void> executeBatchRequests(
      AsyncRequestContainer<StateRequest<?, ?, ?, ?>> container) {
    if (!(container instanceof RequestList)) {
      throw new IllegalArgumentException(
          "not a container of the Sediment state executor: " + container);
    }
    List<StateRequest<?, ?, ?, ?>> requests = ((RequestList) container).requests;
    StateRequestBatch<K> batch =
        new StateRequestBatch<>(db, keyGroups, keySerializer, states, requests);
    StateExecutorStats.batch(requests.size());
    inFlight.incrementAndGet();
    CompletableFuture<Void> done = CompletableFuture.runAsync(batch::run, io);
    return done.whenComplete((v, e) -> inFlight.decrementAndGet());
  }

  @Override
  public AsyncRequestContainer<StateRequest<?, ?, ?, ?>> createRequestContainer() {
    return new RequestList();
  }

  /**
   * Runs one request on the calling thread and completes its future before returning.
   *
   * @throws IllegalArgumentException if the request names a state this backend did not create
   */
  @Override
  public void executeRequestSync(StateRequest<?, ?, ?, ?> request) {
    new StateRequestBatch<>(db, keyGroups, keySerializer, states, List.of(request)).run();
  }

  @Override
  public boolean fullyLoaded() {
    return inFlight.get() >= MAX_BATCHES_IN_FLIGHT;
  }

  /** Stops taking batches and waits for the running ones (at most a minute). */
  @Override
  public void shutdown() {
    io.shutdown();
    try {
      io.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The requests of one batch, in the order they were offered. */
  private static final class RequestList
      implements AsyncRequestContainer<StateRequest<?, ?, ?, ?>> {
    final List<StateRequest<?, ?, ?, ?>> requests = new ArrayList<>();

    @Override
    public void offer(StateRequest<?, ?, ?, ?> request) {
      requests.add(request);
    }

    @Override
    public boolean isEmpty() {
      return requests.isEmpty();
    }
  }
}
