package io.sediment.stream;

import io.sediment.keygroups.KeyGroups;
import io.sediment.stream.internal.BatchRunner;
import io.sediment.stream.internal.Epoch;
import io.sediment.stream.internal.EpochManager;
import io.sediment.stream.internal.KeyAccounting;
import io.sediment.stream.internal.Mailbox;
import io.sediment.stream.internal.RecordContext;
import io.sediment.stream.internal.SerialLane;
import io.sediment.stream.internal.StateFutureImpl;
import io.sediment.stream.internal.StateRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs a keyed operator's records so that the task thread never waits for state (Flink's
 * asynchronous execution model). One controller per operator instance and {@link KeyedStateStore};
 * every method except {@link #post} must be called on the task thread (the thread that created the
 * controller), and throws {@link IllegalStateException} elsewhere.
 *
 * <h2>What it guarantees</h2>
 *
 * <ul>
 *   <li><b>Per-key order.</b> Records of one key run in the order they were {@link #submit
 *       submitted}, each starting after the one before it has finished (its body, its state
 *       requests and their callbacks). A record whose key is busy waits in that key's queue.
 *       Records of different keys overlap.
 *   <li><b>Batched state access.</b> State requests are buffered and sent, {@link
 *       ExecutionSettings#bufferSize()} at a time or after {@link
 *       ExecutionSettings#bufferTimeout()} (timed by the injected {@link DelayScheduler}), or
 *       whenever the task thread would otherwise wait, to one I/O lane where a batch becomes one
 *       sorted multi-get and one write batch. Batches run one after another; a record's requests
 *       take effect in the order it issued them.
 *   <li><b>Callbacks on the task thread.</b> Results come back through the mailbox; every {@link
 *       StateFuture} callback runs on the task thread with the issuing record's key current.
 *   <li><b>Backpressure.</b> At most {@link ExecutionSettings#inFlightRecordsLimit()} records are
 *       admitted and unfinished: at the limit, {@link #submit} runs the mailbox until one finishes,
 *       so memory stays bounded however slow the I/O path is.
 *   <li><b>Epochs.</b> {@link #closeEpoch} closes the records so far into an epoch whose trigger
 *       action runs once they all finished and whose final action runs once the records the trigger
 *       action started finished too; epochs finish in order, each once. With {@link
 *       EpochMode#SERIAL_BETWEEN_EPOCHS} the call returns only after the final action ran.
 *   <li><b>Failure.</b> The first exception thrown by a record body, a callback, a serializer, an
 *       epoch action or a state request fails the job: the call that met it, and every later call,
 *       throws {@link AsyncExecutionException} with it as the cause, buffered requests are dropped
 *       and no later batch is written. The store holds what earlier batches wrote, each batch
 *       atomically; a job recovers from its last checkpoint.
 * </ul>
 *
 * <h2>Driving it</h2>
 *
 * A task loop calls {@link #submit} for each keyed record, {@link #closeEpoch} for each watermark,
 * timer firing or checkpoint barrier, {@link #runMailbox()} or {@link #awaitMail} when it has no
 * input, and {@link #drain()} at the end of input. {@link ExecutionMode#SYNC} runs the same API
 * with every request inline.
 *
 * @param <K> the key type
 */
public final class ExecutionController<K> implements AutoCloseable {

  private static final long STUCK_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private final KeyedStateStore<K> store;
  private final ExecutionSettings settings;
  private final DelayScheduler scheduler;
  private final SerialLane lane;
  private final ExecutorService ownedIo;
  private final Thread taskThread = Thread.currentThread();
  private final Mailbox mailbox = new Mailbox();
  private final KeyAccounting<K, RecordContext<K>> keys = new KeyAccounting<>();
  private final EpochManager epochs = new EpochManager();
  private final BatchRunner runner;
  private final ArrayDeque<RecordContext<K>> ready = new ArrayDeque<>();
  private final ArrayDeque<StateRequest> completions = new ArrayDeque<>();
  private final Map<String, Object> states = new HashMap<>();

  private List<StateRequest> buffer = new ArrayList<>();
  private long bufferGeneration;
  private DelayScheduler.Cancellable bufferTimer;
  private RecordContext<K> current;
  private boolean starting;

  /** Batches a waiting task thread keeps on the lane: one running, one next. */
  private static final int MAX_BATCHES_IN_FLIGHT = 2;

  private int inFlight;
  private int peakInFlight;
  private int batchesInFlight;
  private long sequence;
  private long batchesSent;
  private long requestsSent;
  private Throwable failure;
  private volatile boolean stopWriting;
  private boolean closed;

  private ExecutionController(
      KeyedStateStore<K> store,
      ExecutionSettings settings,
      DelayScheduler scheduler,
      java.util.concurrent.Executor io,
      ExecutorService ownedIo) {
    this.store = store;
    this.settings = settings;
    this.scheduler = scheduler;
    this.lane = new SerialLane(io);
    this.ownedIo = ownedIo;
    this.runner = new BatchRunner(store.db());
  }

  /**
   * A controller on the calling (task) thread, with a single I/O thread of its own that {@link
   * #close()} stops.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static <K> ExecutionController<K> create(
      KeyedStateStore<K> store, ExecutionSettings settings, DelayScheduler scheduler) {
    check(store, settings, scheduler);
    ExecutorService io =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "sediment-stream-io");
              t.setDaemon(true);
              return t;
            });
    return new ExecutionController<>(store, settings, scheduler, io, io);
  }

  /**
   * A controller on the calling (task) thread whose batches run on {@code ioExecutor} (one at a
   * time, whatever its width); the caller keeps and stops the executor.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static <K> ExecutionController<K> create(
      KeyedStateStore<K> store,
      ExecutionSettings settings,
      DelayScheduler scheduler,
      java.util.concurrent.Executor ioExecutor) {
    check(store, settings, scheduler);
    if (ioExecutor == null) {
      throw new IllegalArgumentException("ioExecutor must not be null");
    }
    return new ExecutionController<>(store, settings, scheduler, ioExecutor, null);
  }

  private static void check(Object store, Object settings, Object scheduler) {
    if (store == null || settings == null || scheduler == null) {
      throw new IllegalArgumentException(
          "store, settings and scheduler must not be null: "
              + store
              + ", "
              + settings
              + ", "
              + scheduler);
    }
  }

  /** The settings. */
  public ExecutionSettings settings() {
    return settings;
  }

  /** The store. */
  public KeyedStateStore<K> store() {
    return store;
  }

  // ---------------------------------------------------------------- records

  /**
   * Admits a record of {@code key}: runs {@code body} now if the key is free, or queues it behind
   * the key's earlier records. Waits (running the mailbox) while the in-flight limit is reached.
   *
   * @throws IllegalArgumentException if the key or body is null, or the key's key group is not the
   *     store's
   * @throws IllegalStateException off the task thread, inside a record, or after {@link #close()}
   * @throws AsyncExecutionException if the job failed, now or before
   */
  public void submit(K key, RecordBody body) {
    checkCall();
    if (key == null) {
      throw new IllegalArgumentException("record key must not be null");
    }
    if (body == null) {
      throw new IllegalArgumentException("record body must not be null");
    }
    if (current != null) {
      throw new IllegalStateException(
          "submit is called by the task loop or an epoch action, not inside " + current);
    }
    int keyGroup = KeyGroups.assign(key.hashCode(), store.maxParallelism());
    if (!store.keyGroups().contains(keyGroup)) {
      throw new IllegalArgumentException(
          "key " + key + " is in key group " + keyGroup + ", outside " + store.keyGroups());
    }
    guarded(
        () -> {
          while (inFlight >= settings.inFlightRecordsLimit()) {
            waitForMail();
          }
          RecordContext<K> ctx =
              new RecordContext<>(key, body, keyGroup, epochs.onRecord(), sequence++);
          inFlight++;
          peakInFlight = Math.max(peakInFlight, inFlight);
          if (keys.occupyOrQueue(key, ctx)) {
            ready.add(ctx);
            startReady();
          }
        });
  }

  /**
   * Closes the current epoch (at a watermark, timer firing or checkpoint barrier): {@code
   * triggerAction} runs once every record submitted before has finished, and may submit records (a
   * timer's work), which join this epoch; {@code finalAction} runs once those have finished too.
   * With {@link EpochMode#SERIAL_BETWEEN_EPOCHS}, returns after {@code finalAction} ran; otherwise
   * at once.
   *
   * @throws IllegalArgumentException if an action is null
   * @throws IllegalStateException off the task thread, inside a record, or after {@link #close()}
   * @throws AsyncExecutionException if the job failed (an action that throws fails it)
   */
  public void closeEpoch(Runnable triggerAction, Runnable finalAction) {
    checkCall();
    if (triggerAction == null || finalAction == null) {
      throw new IllegalArgumentException("epoch actions must not be null");
    }
    if (current != null) {
      throw new IllegalStateException("an epoch is closed by the task loop, not inside " + current);
    }
    guarded(
        () -> {
          Epoch e = epochs.close(triggerAction, finalAction);
          if (settings.epochMode() == EpochMode.SERIAL_BETWEEN_EPOCHS) {
            while (!e.isFinished()) {
              waitForMail();
            }
          }
        });
  }

  /**
   * Waits, running the mailbox, until every admitted record has finished and every closed epoch's
   * actions have run (end of input).
   *
   * @throws IllegalStateException off the task thread, inside a record, or after {@link #close()}
   * @throws AsyncExecutionException if the job failed
   */
  public void drain() {
    checkCall();
    if (current != null) {
      throw new IllegalStateException("drain is called by the task loop, not inside " + current);
    }
    guarded(
        () -> {
          while (inFlight > 0 || epochs.pendingEpochs() > 0) {
            waitForMail();
          }
        });
  }

  /**
   * Runs every action in the mailbox now, without waiting.
   *
   * @return how many ran
   * @throws AsyncExecutionException if the job failed
   */
  public int runMailbox() {
    checkCall();
    int[] ran = {0};
    guarded(
        () -> {
          Runnable r;
          while ((r = mailbox.poll()) != null) {
            r.run();
            ran[0]++;
          }
        });
    return ran[0];
  }

  /**
   * Waits up to {@code timeout} for mail, then runs every action in the mailbox; for an idle task
   * loop. Sends the buffered requests first.
   *
   * @return how many actions ran
   * @throws IllegalArgumentException if the timeout is null or negative
   * @throws AsyncExecutionException if the job failed
   */
  public int awaitMail(Duration timeout) {
    checkCall();
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be null or negative: " + timeout);
    }
    int[] ran = {0};
    guarded(
        () -> {
          flushBuffer();
          Runnable r = pollMail(timeout.toNanos());
          while (r != null) {
            r.run();
            ran[0]++;
            r = mailbox.poll();
          }
        });
    return ran[0];
  }

  /**
   * Posts {@code action} to run on the task thread in mailbox order; any thread. An action that
   * throws fails the job.
   *
   * @throws IllegalArgumentException if the action is null
   */
  public void post(Runnable action) {
    if (action == null) {
      throw new IllegalArgumentException("action must not be null");
    }
    mailbox.put(action);
  }

  /**
   * The key of the record whose body or callback is running.
   *
   * @throws IllegalStateException outside a record
   */
  public K currentKey() {
    return context().key();
  }

  // ---------------------------------------------------------------- states

  /**
   * The state {@code descriptor} declares, in its default namespace.
   *
   * @throws IllegalArgumentException if the store did not declare it
   */
  @SuppressWarnings("unchecked")
  public <S> S state(StateDescriptor<S> descriptor) {
    checkThread();
    if (descriptor == null) {
      throw new IllegalArgumentException("descriptor must not be null");
    }
    return (S)
        states.computeIfAbsent(
            descriptor.name(),
            n -> States.create(this, store.declared(descriptor), StateBinding.NO_NAMESPACE));
  }

  /**
   * The state {@code descriptor} declares, in namespaces serialized by {@code namespaces}.
   *
   * @throws IllegalArgumentException if an argument is null, or the store did not declare it
   */
  public <N, S> NamespacedState<N, S> state(
      StateDescriptor<S> descriptor, Serializer<N> namespaces) {
    checkThread();
    if (descriptor == null || namespaces == null) {
      throw new IllegalArgumentException("descriptor and namespaces must not be null");
    }
    KeyedStateStore.Declared declared = store.declared(descriptor);
    return namespace -> {
      if (namespace == null) {
        throw new IllegalArgumentException("namespace must not be null");
      }
      @SuppressWarnings("unchecked")
      S s = (S) States.create(this, declared, namespaces.serialize(namespace));
      return s;
    };
  }

  // ---------------------------------------------------------------- statistics

  /** Records admitted and not finished. */
  public int inFlightRecords() {
    return inFlight;
  }

  /** The most records ever in flight at once. */
  public int peakInFlightRecords() {
    return peakInFlight;
  }

  /** State requests buffered, not yet sent. */
  public int bufferedRequests() {
    return buffer.size();
  }

  /** Batches sent to the I/O lane. */
  public long batchesSent() {
    return batchesSent;
  }

  /** State requests sent in batches (inline requests in sync mode are not counted). */
  public long requestsSent() {
    return requestsSent;
  }

  /** Closed epochs whose final action has not run. */
  public int pendingEpochs() {
    return epochs.pendingEpochs();
  }

  /** The failure that failed the job, or null. */
  public Throwable failure() {
    return failure;
  }

  /**
   * Stops the controller's own I/O thread (not an executor it was given); does not close the store.
   * Records still in flight are abandoned: {@link #drain()} first.
   */
  @Override
  public void close() {
    closed = true;
    stopWriting = true;
    if (bufferTimer != null) {
      bufferTimer.cancel();
    }
    if (ownedIo != null) {
      ownedIo.shutdown();
    }
  }

  // ---------------------------------------------------------------- internals for states

  /** The running record; {@link IllegalStateException} outside one. */
  RecordContext<K> context() {
    checkThread();
    if (current == null) {
      throw new IllegalStateException(
          "keyed state is accessed outside a keyed context: inside a record body or a state"
              + " callback only");
    }
    return current;
  }

  /** The running record's serialized key (computed once per record). */
  byte[] serializedKey(RecordContext<K> ctx) {
    byte[] k = ctx.serializedKey();
    if (k == null) {
      k = store.keySerializer().serialize(ctx.key());
      if (k == null) {
        throw new IllegalArgumentException("key serializer returned null for " + ctx.key());
      }
      ctx.serializedKey(k);
    }
    return k;
  }

  /** Issues {@code request} for its record; its future completes on the task thread. */
  StateFutureImpl<Object> issue(StateRequest request) {
    if (failure != null) {
      throw failed("a state request after the job failed");
    }
    request.context().hold();
    if (settings.executionMode() == ExecutionMode.SYNC) {
      try {
        runner.run(List.of(request));
      } catch (IOException | RuntimeException e) {
        throw fail("state request " + request, e);
      }
      complete(request);
      return request.future();
    }
    buffer.add(request);
    if (buffer.size() >= settings.bufferSize()) {
      flushBuffer();
    } else if (buffer.size() == 1) {
      long generation = bufferGeneration;
      bufferTimer =
          scheduler.schedule(
              settings.bufferTimeout(),
              () ->
                  mailbox.put(
                      () -> {
                        if (bufferGeneration == generation) {
                          flushBuffer();
                        }
                      }));
    }
    return request.future();
  }

  // ---------------------------------------------------------------- machinery

  private void startReady() {
    if (starting) {
      return;
    }
    starting = true;
    try {
      RecordContext<K> ctx;
      while ((ctx = ready.poll()) != null) {
        RecordContext<K> record = ctx;
        record.hold();
        inContext(record, () -> ((RecordBody) record.body()).run());
        releaseHold(record);
      }
    } finally {
      starting = false;
    }
  }

  private void releaseHold(RecordContext<K> ctx) {
    if (!ctx.release()) {
      return;
    }
    inFlight--;
    RecordContext<K> next = keys.release(ctx.key());
    if (next != null) {
      ready.add(next);
    }
    epochs.onRecordFinished(ctx.epoch());
    startReady();
  }

  private void complete(StateRequest request) {
    @SuppressWarnings("unchecked")
    RecordContext<K> ctx = (RecordContext<K>) request.context();
    inContext(ctx, () -> request.future().complete(request.result()));
    releaseHold(ctx);
  }

  private interface Action {
    void run() throws Exception;
  }

  private void inContext(RecordContext<K> ctx, Action action) {
    RecordContext<K> previous = current;
    current = ctx;
    try {
      action.run();
    } catch (AsyncExecutionException e) {
      throw e;
    } catch (Exception | Error e) {
      throw fail(ctx + " failed", e);
    } finally {
      current = previous;
    }
  }

  private void guarded(Runnable work) {
    try {
      work.run();
    } catch (AsyncExecutionException e) {
      throw e;
    } catch (RuntimeException | Error e) {
      throw fail("the task thread failed", e);
    }
  }

  private void flushBuffer() {
    if (buffer.isEmpty()) {
      return;
    }
    if (bufferTimer != null) {
      bufferTimer.cancel();
      bufferTimer = null;
    }
    List<StateRequest> batch = buffer;
    buffer = new ArrayList<>();
    bufferGeneration++;
    batchesInFlight++;
    batchesSent++;
    requestsSent += batch.size();
    lane.execute(
        () -> {
          Throwable error = null;
          if (!stopWriting) {
            try {
              runner.run(batch);
            } catch (Throwable t) {
              error = t;
              stopWriting = true;
            }
          }
          Throwable result = error;
          mailbox.put(() -> completeBatch(batch, result));
        });
  }

  private void completeBatch(List<StateRequest> batch, Throwable error) {
    batchesInFlight--;
    if (failure != null) {
      return;
    }
    if (error != null) {
      throw fail("a batch of " + batch.size() + " state requests failed", error);
    }
    completions.addAll(batch);
    StateRequest r;
    while ((r = completions.poll()) != null) {
      complete(r);
    }
  }

  /**
   * Makes one step of progress: sends the buffer unless two batches are under way, then waits for
   * one mail action and runs it. A wait can run nested in a start loop or a batch's completions (an
   * epoch's trigger action, run when a record finished, that submits at the in-flight limit): the
   * records that loop would start and the results it would deliver come first, since no mail may
   * ever free what they hold.
   */
  private void waitForMail() {
    StateRequest pending = completions.poll();
    if (pending != null) {
      complete(pending);
      return;
    }
    if (starting && !ready.isEmpty()) {
      RecordContext<K> record = ready.poll();
      record.hold();
      inContext(record, () -> ((RecordBody) record.body()).run());
      releaseHold(record);
      return;
    }
    // The lane runs one batch and holds the next, so it never idles while this thread handles
    // results; beyond that a batch could only queue behind them, so the buffer keeps filling and
    // goes out as one batch when the running one is done, rather than as one small batch per wait,
    // each paying the store's round trips.
    if (batchesInFlight < MAX_BATCHES_IN_FLIGHT) {
      flushBuffer();
    }
    Runnable r = mailbox.poll();
    while (r == null) {
      r = pollMail(STUCK_CHECK_NANOS);
      if (r == null && batchesInFlight == 0 && buffer.isEmpty() && mailbox.size() == 0) {
        throw new IllegalStateException(
            "waiting for state results, but no request is in flight ("
                + inFlight
                + " records in flight, "
                + keys.busyKeys()
                + " keys busy)");
      }
    }
    r.run();
  }

  private Runnable pollMail(long nanos) {
    try {
      return mailbox.poll(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail("the task thread was interrupted", e);
    }
  }

  private AsyncExecutionException fail(String what, Throwable cause) {
    if (failure == null) {
      failure = cause;
      stopWriting = true;
      completions.clear();
      buffer = new ArrayList<>();
      if (bufferTimer != null) {
        bufferTimer.cancel();
      }
      return new AsyncExecutionException(what, cause);
    }
    return failed(what);
  }

  private AsyncExecutionException failed(String what) {
    return new AsyncExecutionException(what + " (the job had failed)", failure);
  }

  private void checkCall() {
    checkThread();
    if (closed) {
      throw new IllegalStateException("the execution controller is closed");
    }
    if (failure != null) {
      throw failed("the job failed");
    }
  }

  private void checkThread() {
    if (Thread.currentThread() != taskThread) {
      throw new IllegalStateException(
          "the execution controller runs on its task thread "
              + taskThread.getName()
              + ", not on "
              + Thread.currentThread().getName());
    }
  }

  @Override
  public String toString() {
    return "ExecutionController["
        + settings
        + ", in flight "
        + inFlight
        + ", buffered "
        + buffer.size()
        + "]";
  }
}
