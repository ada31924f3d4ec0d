package io.sediment.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.DbSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that the shrinker shrinks: a deliberately broken store (the model with one planted bug,
 * {@link PlantedBugStore}) is fuzzed until a log fails, and the shrunk log must be tiny, must still
 * fail, and must be written where the report says. The broken store stands in for nothing: it only
 * gives the shrinker something to find.
 */
class ShrinkerTest {

  @TempDir Path dir;

  /**
   * The model, except that a point delete issued right after a flush is lost. A failing log needs
   * at least a put, a flush, a delete of the same key and a read of it.
   */
  static final class PlantedBugStore extends ForwardingStore {
    private boolean flushedLast;

    PlantedBugStore() {
      super(new ModelStore(new ConcatMergeFunction()));
    }

    @Override
    public void delete(byte[] key) throws IOException {
      if (!flushedLast) {
        super.delete(key);
      }
      flushedLast = false;
    }

    @Override
    public void flush() throws IOException {
      super.flush();
      flushedLast = true;
    }

    @Override
    public void put(byte[] key, byte[] value) throws IOException {
      super.put(key, value);
      flushedLast = false;
    }
  }

  private static StoreFactory planted() {
    return new StoreFactory() {
      @Override
      public String name() {
        return "planted-bug";
      }

      @Override
      public KvStore open() {
        return new PlantedBugStore();
      }

      @Override
      public boolean supportsCrash() {
        return true;
      }

      @Override
      public boolean supportsCheckpoints() {
        return true;
      }

      @Override
      public DbSettings settings() {
        return PLANTED_SETTINGS;
      }
    };
  }

  /** Settings the planted factory reports (its store ignores them): failures must carry them. */
  private static final DbSettings PLANTED_SETTINGS =
      DbSettings.parse("memtableBytes=4096,fileCacheDirectory=/tmp/a%20b,fileCacheBytes=1024");

  @Test
  void fuzzingABrokenStoreFindsAndShrinksTheBug() throws IOException {
    ConcatMergeFunction mf = new ConcatMergeFunction();
    MetamorphicCheck check = new MetamorphicCheck(() -> new ModelStore(mf), List.of(planted()));
    GeneratorConfig gen = GeneratorConfig.defaults().withWeight(OpKind.FLUSH, 10);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Fuzzer fuzzer =
        new Fuzzer(check, gen, dir, new PrintStream(printed, true, StandardCharsets.UTF_8));
    Fuzzer.Failure failure = null;
    for (long seed = 1; seed <= 50 && failure == null; seed++) {
      failure = fuzzer.runSeed(seed, 400);
    }
    assertNotNull(failure, "50 seeds of 400 ops never deleted right after a flush");
    System.out.println(failure.describe());

    List<Op> shrunk = failure.shrunk();
    assertTrue(shrunk.size() <= 5, "shrunk to " + shrunk.size() + " ops:\n" + shrunk);
    assertTrue(shrunk.size() >= 3, "a failure needs a flush, a delete and a read: " + shrunk);
    assertNotNull(check.check(shrunk, planted()), "the shrunk log still fails");
    assertTrue(shrunk.stream().anyMatch(o -> o instanceof Op.Flush));
    assertTrue(shrunk.stream().anyMatch(o -> o instanceof Op.Delete));

    Path file = dir.resolve(failure.seed() + ".log");
    assertEquals(file, failure.file());
    assertEquals(
        OpLog.toText(List.of(), shrunk), OpLog.toText(List.of(), OpLog.read(file)), "replayable");
    assertTrue(Files.readString(file).startsWith("# seed " + failure.seed()));
    assertEquals(Optional.of(PLANTED_SETTINGS), OpLog.settings(file), "replays its settings");
    assertEquals(
        Optional.of(PLANTED_SETTINGS),
        OpLog.settings(dir.resolve(failure.seed() + ".full.log")),
        "the unshrunk log too");
    assertEquals(PLANTED_SETTINGS, failure.settings());
    assertTrue(failure.describe().contains(PLANTED_SETTINGS.toString()), failure.describe());
    assertTrue(printed.toString(StandardCharsets.UTF_8).contains("seed " + failure.seed()));
  }

  @Test
  void ddminReachesAOneMinimalLog() {
    // Fails when the log holds put 'a', then later get 'a', then later delete 'b': three ops
    // scattered among 200 others must be all that is left.
    List<Op> log = OpGenerator.generate(GeneratorConfig.defaults(), 7, 200);
    List<Op> planted = new java.util.ArrayList<>(log);
    planted.add(13, new Op.Put("a".getBytes(), "1".getBytes()));
    planted.add(101, new Op.Get("a".getBytes(), Execution.LATEST));
    planted.add(190, new Op.Delete("b".getBytes()));
    Shrinker s = new Shrinker(ShrinkerTest::holdsThePattern, 5000);
    List<Op> shrunk = s.shrink(planted);
    List<String> texts = shrunk.stream().map(Op::text).toList();
    assertEquals(3, texts.size(), texts.toString());
    assertTrue(texts.get(0).startsWith("put 'a' '") && texts.get(0).length() <= 11, texts.get(0));
    assertEquals(List.of("get 'a'", "delete 'b'"), texts.subList(1, 3));
    assertTrue(s.testsRun() < 1000, "tests run: " + s.testsRun());
  }

  private static boolean holdsThePattern(List<Op> log) {
    int stage = 0;
    for (Op op : log) {
      String t = op.text();
      if (stage == 0 && t.startsWith("put 'a' ")) {
        stage = 1;
      } else if (stage == 1 && t.equals("get 'a'")) {
        stage = 2;
      } else if (stage == 2 && t.equals("delete 'b'")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void historiesAreDeterministic() throws IOException {
    ModelStore a = new ModelStore(new ConcatMergeFunction());
    ForwardingStore b = new ForwardingStore(new ModelStore(new ConcatMergeFunction()));
    List<Op> log = OpGenerator.generate(GeneratorConfig.defaults(), 3, 500);
    assertEquals(-1, LogRunner.run(log, a).firstDifference(LogRunner.run(log, b)));
  }
}
