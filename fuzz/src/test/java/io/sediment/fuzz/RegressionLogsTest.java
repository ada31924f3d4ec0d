package io.sediment.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays every log under {@code src/test/resources/regressions/} on the model and on the engine in
 * every local configuration. Add a shrunk failing log there (as written to target/fuzz-failures)
 * once its bug is fixed, so it stays fixed.
 */
class RegressionLogsTest {

  @TempDir static Path dir;

  static List<Path> logs() throws Exception {
    URL url = RegressionLogsTest.class.getResource("/regressions");
    if (url == null) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
      return s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyRegressionLogAgreesWithTheModel() throws Exception {
    List<Path> logs = logs();
    assertFalse(logs.isEmpty(), "no regression logs found");
    StorageRoot root = new StorageRoot(dir.toUri().toString(), null);
    return logs.stream()
        .map(
            log ->
                DynamicTest.dynamicTest(
                    log.getFileName().toString(),
                    () -> replay(log, root, StandardSettings.local())));
  }

  /**
   * Replays the log in {@code file} on the model and on the engine with each of {@code configs}.
   */
  static void replay(Path file, StorageRoot root, List<NamedSettings> configs) throws Exception {
    List<Op> log = OpLog.read(file);
    ConcatMergeFunction mf = new ConcatMergeFunction();
    List<StoreFactory> factories = configs.stream().map(c -> c.factory(root, mf)).toList();
    MetamorphicCheck.Outcome o = new MetamorphicCheck(() -> new ModelStore(mf), factories).run(log);
    if (!o.passed()) {
      StringBuilder sb = new StringBuilder(file + " fails:");
      o.mismatches().forEach(m -> sb.append('\n').append(m.describe()));
      fail(sb.toString());
    }
    System.out.println(
        file.getFileName()
            + ": "
            + log.size()
            + " ops agree on "
            + factories.size()
            + " configurations"
            + (o.skipped().isEmpty() ? "" : ", skipped (no crash support): " + o.skipped()));
  }
}
