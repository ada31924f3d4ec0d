package io.sediment.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sediment.stream.ExecutionSettings;
import io.sediment.stream.Serializers;
import io.sediment.stream.StateDescriptor;
import io.sediment.stream.ValueState;
import io.sediment.stream.changelog.Change;
import io.sediment.stream.changelog.ChangelogTableSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A job emitting a changelog (a running sum per key: {@code +I}, then {@code -U}/{@code +U} per
 * update, {@code -D} when the sum becomes a multiple of 5) into a {@link ChangelogTableSink}, run
 * as a cancelled run, a failed run and a run to the end: the table must equal the model's final
 * result.
 */
class ChangelogTableJobTest {

  private static final StateDescriptor<ValueState<Long>> SUM =
      StateDescriptor.value("sum", Serializers.longs());

  @TempDir Path tmp;

  static KeyedOperator<GeneratedSource.Event, String, Change<String>> runningSum() {
    return new KeyedOperator<>() {
      @Override
      public List<StateDescriptor<?>> states() {
        return List.of(SUM);
      }

      @Override
      public KeyedProcessor<GeneratedSource.Event> open(
          OperatorContext<String, Change<String>> ctx) {
        ValueState<Long> sum = ctx.state(SUM);
        return (e, ts) ->
            sum.value()
                .thenAccept(
                    old -> {
                      String key = ctx.currentKey();
                      long next = (old == null ? 0 : old) + e.value();
                      if (old != null && next % 5 == 0) {
                        ctx.emit(Change.delete(key + "," + old));
                        sum.clear();
                      } else if (old == null) {
                        ctx.emit(Change.insert(key + "," + next));
                        sum.update(next);
                      } else {
                        ctx.emit(Change.updateBefore(key + "," + old));
                        ctx.emit(Change.updateAfter(key + "," + next));
                        sum.update(next);
                      }
                    });
      }
    };
  }

  static Map<String, String> model(GeneratedSource source) {
    Map<String, Long> sums = new HashMap<>();
    for (int s = 0; s < source.splitCount(); s++) {
      for (long i = 0; i < source.perSplit(); i++) {
        GeneratedSource.Event e = source.event(s, i);
        Long old = sums.get(e.key());
        long next = (old == null ? 0 : old) + e.value();
        if (old != null && next % 5 == 0) {
          sums.remove(e.key());
        } else {
          sums.put(e.key(), next);
        }
      }
    }
    Map<String, String> table = new TreeMap<>();
    sums.forEach((k, v) -> table.put(k, k + "," + v));
    return table;
  }

  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {1, 3})
  void theTableEqualsTheModelAfterCancelFailureAndRestore(int parallelism) throws Exception {
    GeneratedSource source = new GeneratedSource(99 + parallelism, 2, 500, 11).availableUpTo(150);
    Configuration conf = new Configuration();
    JobStorage storage = JobStorage.under(tmp.resolve("job").toUri().toString(), conf);
    RuntimeSettings settings =
        RuntimeSettings.defaults()
            .withParallelism(parallelism)
            .withMaxParallelism(16)
            .withWatermarkInterval(20)
            .withExecution(ExecutionSettings.parse("buffer-size=8,buffer-timeout=PT0.001S"));
    String tableUri = tmp.resolve("table").toUri().toString();
    try (ChangelogTableSink<String, String> sink =
        ChangelogTableSink.open(
            tableUri, conf, row -> row.split(",")[0], Serializers.string(), Serializers.string())) {
      JobDefinition<GeneratedSource.Event, String, Change<String>> job =
          new JobDefinition<>(
              source,
              GeneratedSource.Event::key,
              Serializers.string(),
              GeneratedSource.Event::timestamp,
              runningSum(),
              sink);
      try (LocalJob<?, ?, ?> run = LocalJob.start(job, settings, storage)) {
        run.triggerCheckpoint().get(1, TimeUnit.MINUTES);
      }
      source.availableUpTo(300);
      LocalJob<?, ?, ?> second = LocalJob.start(job, settings, storage);
      second.triggerCheckpoint().get(1, TimeUnit.MINUTES);
      source.failNextRead();
      assertThrows(IOException.class, second::await);

      source.availableUpTo(500);
      LocalJob.start(job, settings, storage).await();
      assertEquals(model(source), new TreeMap<>(sink.table()));
    }
  }
}
