package io.sediment.flink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.v2.AggregatingState;
import org.apache.flink.api.common.state.v2.AggregatingStateDescriptor;
import org.apache.flink.api.common.state.v2.ListState;
import org.apache.flink.api.common.state.v2.ListStateDescriptor;
import org.apache.flink.api.common.state.v2.MapState;
import org.apache.flink.api.common.state.v2.MapStateDescriptor;
import org.apache.flink.api.common.state.v2.ReducingState;
import org.apache.flink.api.common.state.v2.ReducingStateDescriptor;
import org.apache.flink.api.common.state.v2.StateFuture;
import org.apache.flink.api.common.state.v2.ValueState;
import org.apache.flink.api.common.state.v2.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.state.StateFutureUtils;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The keyed function of {@link AllStatesFunction} on State V2: every kind of asynchronous state, a
 * TTL value, an event-time timer, and a summary of the state per record and per timer, read after
 * the record's writes completed. The record's independent state accesses are issued side by side,
 * so that they can share batches. It throws once, after {@link #failAfter} records of one instance
 * and a completed checkpoint, when {@link #FAILED} is still false.
 */
final class AsyncAllStatesFunction extends KeyedProcessFunction<Long, Long, String>
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

  AsyncAllStatesFunction(long failAfter) {
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
  public void processElement(Long v, Context ctx, Collector<String> out) {
    seen++;
    if (checkpointed && seen > failAfter && FAILED.compareAndSet(false, true)) {
      throw new IllegalStateException("induced failure after " + seen + " records");
    }
    long key = ctx.getCurrentKey();
    ctx.timerService().registerEventTimeTimer(1_000L + key);
    count
        .asyncValue()
        .thenCompose(
            c0 -> {
              long c = c0 == null ? 1 : c0 + 1;
              List<StateFuture<Void>> writes = new ArrayList<>();
              writes.add(count.asyncUpdate(c));
              writes.add(
                  ttlCount
                      .asyncValue()
                      .thenCompose(t -> ttlCount.asyncUpdate(t == null ? 1 : t + 1)));
              writes.add(
                  recent
                      .asyncAdd(v)
                      .thenCompose(
                          x ->
                              c % 10 == 0
                                  // Keep the list short: replace it by its last element.
                                  ? recent.asyncUpdate(List.of(v))
                                  : StateFutureUtils.<Void>completedVoidFuture()));
              long bucket = v % 7;
              writes.add(
                  buckets
                      .asyncGet(bucket)
                      .thenCompose(b -> buckets.asyncPut(bucket, b == null ? 1 : b + 1))
                      .thenCompose(
                          x ->
                              c % 13 == 0
                                  ? buckets.asyncRemove(bucket)
                                  : StateFutureUtils.<Void>completedVoidFuture()));
              writes.add(sum.asyncAdd(v));
              writes.add(max.asyncAdd(v));
              return StateFutureUtils.combineAll(writes);
            })
        .thenCompose(x -> summary(key))
        .thenAccept(out::collect);
  }

  private StateFuture<String> summary(long key) {
    StateFuture<Integer> listSize =
        recent
            .asyncGet()
            .thenCompose(
                it -> {
                  int[] n = {0};
                  return it.onNext(
                          e -> {
                            n[0]++;
                          })
                      .thenApply(x -> n[0]);
                });
    StateFuture<String> map =
        buckets
            .asyncEntries()
            .thenCompose(
                it -> {
                  long[] a = {0, 0};
                  return it.onNext(
                          e -> {
                            a[0]++;
                            a[1] += e.getKey() * 31 + e.getValue();
                          })
                      .thenApply(x -> a[0] + "/" + a[1]);
                });
    return count
        .asyncValue()
        .thenCombine(ttlCount.asyncValue(), (c, t) -> key + " c=" + c + " ttl=" + t)
        .thenCombine(listSize, (s, l) -> s + " list=" + l)
        .thenCombine(map, (s, m) -> s + " map=" + m)
        .thenCombine(sum.asyncGet(), (s, x) -> s + " sum=" + x)
        .thenCombine(max.asyncGet(), (s, x) -> s + " max=" + x);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
    summary(ctx.getCurrentKey()).thenAccept(s -> out.collect("timer@" + timestamp + " " + s));
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
