package io.sediment.flink;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.AggregatingState;
import org.apache.flink.api.common.state.AggregatingStateDescriptor;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReducingState;
import org.apache.flink.api.common.state.ReducingStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A keyed function that uses every kind of V1 state and an event-time timer, and emits a summary of
 * its state per record and per timer. It throws once, after {@link #failAfter} records of one
 * instance and a completed checkpoint, when {@link #FAILED} is still false.
 */
final class AllStatesFunction extends KeyedProcessFunction<Long, Long, String>
    implements CheckpointListener {

  private static final long serialVersionUID = 1L;

  /** Set when the induced failure has happened (shared by the in-process cluster). */
  static final AtomicBoolean FAILED = new AtomicBoolean();

  /**
   * Records (over all instances) after which the job stops for good, by a failure once a checkpoint
   * holding them completed; {@link Long#MAX_VALUE} for never.
   */
  static final AtomicLong STOP_AT = new AtomicLong(Long.MAX_VALUE);

  private static final AtomicLong TOTAL = new AtomicLong();
  private static final AtomicBoolean STOP_READY = new AtomicBoolean();

  /** Resets the stop controls for the next job. */
  static void stopAt(long records) {
    TOTAL.set(0);
    STOP_READY.set(false);
    STOP_AT.set(records);
  }

  private final long failAfter;
  private transient long seen;
  private transient volatile boolean checkpointed;
  private transient ValueState<Long> count;
  private transient ValueState<Long> ttlCount;
  private transient ListState<Long> recent;
  private transient MapState<Long, Long> buckets;
  private transient ReducingState<Long> sum;
  private transient AggregatingState<Long, Long> max;

  AllStatesFunction(long failAfter) {
    this.failAfter = failAfter;
  }

  @Override
  public void open(OpenContext ctx) {
    count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    ValueStateDescriptor<Long> ttl = new ValueStateDescriptor<>("ttl-count", Types.LONG);
    ttl.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofHours(1)).build());
    ttlCount = getRuntimeContext().getState(ttl);
    recent = getRuntimeContext().getListState(new ListStateDescriptor<>("recent", Types.LONG));
    buckets =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("buckets", Types.LONG, Types.LONG));
    sum =
        getRuntimeContext()
            .getReducingState(new ReducingStateDescriptor<>("sum", Long::sum, Types.LONG));
    max =
        getRuntimeContext()
            .getAggregatingState(new AggregatingStateDescriptor<>("max", new Max(), Types.LONG));
  }

  @Override
  public void processElement(Long v, Context ctx, Collector<String> out) throws Exception {
    seen++;
    if (STOP_READY.get()) {
      throw new StopJobException();
    }
    TOTAL.incrementAndGet();
    if (checkpointed && seen > failAfter && FAILED.compareAndSet(false, true)) {
      throw new IllegalStateException("induced failure after " + seen + " records");
    }
    long c = count.value() == null ? 1 : count.value() + 1;
    count.update(c);
    ttlCount.update(ttlCount.value() == null ? 1 : ttlCount.value() + 1);
    recent.add(v);
    if (c % 10 == 0) {
      // Keep the list short: replace it by its last element.
      recent.update(java.util.List.of(v));
    }
    long bucket = v % 7;
    Long b = buckets.get(bucket);
    buckets.put(bucket, b == null ? 1 : b + 1);
    if (c % 13 == 0) {
      buckets.remove(bucket);
    }
    sum.add(v);
    max.add(v);
    ctx.timerService().registerEventTimeTimer(1_000L + ctx.getCurrentKey());
    out.collect(summary(ctx.getCurrentKey()));
  }

  private String summary(long key) throws Exception {
    int listSize = 0;
    for (Long ignored : recent.get()) {
      listSize++;
    }
    int mapSize = 0;
    long mapTotal = 0;
    for (java.util.Map.Entry<Long, Long> e : buckets.entries()) {
      mapSize++;
      mapTotal += e.getKey() * 31 + e.getValue();
    }
    return key
        + " c="
        + count.value()
        + " ttl="
        + ttlCount.value()
        + " list="
        + listSize
        + " map="
        + mapSize
        + "/"
        + mapTotal
        + " sum="
        + sum.get()
        + " max="
        + max.get();
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
    out.collect("timer@" + timestamp + " " + summary(ctx.getCurrentKey()));
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    checkpointed = true;
    if (TOTAL.get() >= STOP_AT.get()) {
      STOP_READY.set(true);
    }
  }

  /** Ends a job on purpose, after a checkpoint that holds the records seen so far. */
  static final class StopJobException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StopJobException() {
      super("stopping the job after a retained checkpoint");
    }
  }

  /** Maximum of the inputs. */
  private static final class Max implements AggregateFunction<Long, Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long createAccumulator() {
      return Long.MIN_VALUE;
    }

    @Override
    public Long add(Long value, Long acc) {
      return Math.max(value, acc);
    }

    @Override
    public Long getResult(Long acc) {
      return acc;
    }

    @Override
    public Long merge(Long a, Long b) {
      return Math.max(a, b);
    }
  }
}
