package io.sediment.flink;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
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
    out.collect(
        ctx.getCurrentKey()
            + " c="
            + c
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
            + max.get());
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
    out.collect("timer " + ctx.getCurrentKey() + "@" + timestamp + " c=" + count.value());
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    checkpointed = true;
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
