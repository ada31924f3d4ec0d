package io.sediment.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store restored in another JVM keeps the checkpoint's files alive through a discard in this one,
 * on the local file system: the only thing the two processes share is the checkpoint root. The
 * other JVM ({@link RestoredStoreProcess}) runs on this test's class path and is driven over its
 * stdin and stdout, so every step is ordered without sleeping.
 */
class CrossProcessLeaseTest {

  @TempDir Path tmp;

  private final List<Process> started = new ArrayList<>();
  private Db db;
  private CheckpointStorage cs;
  private CheckpointHandle handle;
  private String digest;
  private TestClock clock;

  @BeforeEach
  void checkpointAndCloseAStore() throws IOException {
    DbOptions options =
        DbOptions.builder(tmp.resolve("db").toUri().toString())
            .hadoopConfiguration(new Configuration())
            .memtableBytes(16 * 1024)
            .build();
    db = Db.open(options);
    Random rnd = new Random(2024);
    for (int i = 0; i < 2000; i++) {
      db.put(
          String.format("k%05d", rnd.nextInt(5000)).getBytes(StandardCharsets.UTF_8),
          ("v" + rnd.nextLong()).getBytes(StandardCharsets.UTF_8));
    }
    clock = new TestClock(Instant.now());
    cs = CheckpointStorage.open(tmp.resolve("checkpoints").toUri().toString(), conf(), clock);
    handle = cs.checkpoint(db, 1);
    digest = RestoredStoreProcess.digest(db);
    // Destroyed: no store protects the checkpoint's files any more, only the checkpoint.
    db.close();
    Db.destroy(options);
    assertTrue(handle.fileCount() > 1, handle.toString());
  }

  @AfterEach
  void stop() throws IOException {
    for (Process p : started) {
      p.destroyForcibly();
    }
    cs.close();
  }

  private static Configuration conf() {
    return new Configuration();
  }

  /** Another JVM that restores the checkpoint into {@code dir}; returns once it is open. */
  private Child restoreElsewhere(String dir) throws IOException, InterruptedException {
    Child child = startRestore(dir);
    assertEquals("ready", child.answer());
    return child;
  }

  /** Starts another JVM restoring the checkpoint into {@code dir}. */
  private Child startRestore(String dir) throws IOException {
    Path handleFile = tmp.resolve("handle-" + dir);
    Files.write(handleFile, handle.toBytes());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            classPath,
            RestoredStoreProcess.class.getName(),
            handleFile.toString(),
            tmp.resolve(dir).toUri().toString());
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    started.add(p);
    return new Child(p);
  }

  private static final class Child {
    final Process process;
    final BufferedReader out;
    final PrintStream in;

    Child(Process process) {
      this.process = process;
      this.out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /**
     * The next line the child printed that is not a log line of a library, or {@code <exited N>}
     * once it ended.
     */
    String answer() throws IOException, InterruptedException {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (!line.startsWith("SLF4J")) {
          return line;
        }
      }
      return "<exited " + exit() + ">";
    }

    String ask(String command) throws IOException, InterruptedException {
      in.println(command);
      return answer();
    }

    int exit() throws InterruptedException {
      assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the other process ends");
      return process.exitValue();
    }
  }

  private boolean allExist() {
    return handle.physicalPaths().stream()
        .allMatch(p -> Files.exists(Path.of(java.net.URI.create(p))));
  }

  private boolean noneExists() {
    return handle.physicalPaths().stream()
        .noneMatch(p -> Files.exists(Path.of(java.net.URI.create(p))));
  }

  @Test
  void aStoreRestoredInAnotherProcessKeepsTheFilesADiscardHereWouldDelete() throws Exception {
    Child other = restoreElsewhere("restored");
    List<CheckpointLease> leases = cs.leases();
    assertEquals(1, leases.size(), leases.toString());
    assertNotEquals(ManagementFactory.getRuntimeMXBean().getName(), leases.get(0).process());

    cs.discard(1);
    cs.collectGarbage();
    assertEquals(List.of(), cs.checkpoints());
    assertTrue(allExist(), "the other process still reads them");
    assertEquals("digest " + digest, other.ask("digest"), "and reads them whole");

    assertEquals("closed", other.ask("close"));
    assertEquals(0, other.exit());
    assertEquals(1, cs.leases().size(), "the closed store still lists the files");
    cs.collectGarbage();
    assertTrue(allExist());
    Db.destroy(DbOptions.builder(tmp.resolve("restored").toUri().toString()).build());
    assertTrue(cs.collectGarbage() >= handle.fileCount());
    assertEquals(List.of(), cs.leases(), "destroying the store ended the lease");
    assertTrue(noneExists());
  }

  @Test
  void aCrashedHoldersLeaseKeepsTheFilesUntilItIsExpired() throws Exception {
    Child other = restoreElsewhere("restored");
    other.process.destroyForcibly();
    other.exit();
    cs.discard(1);
    cs.collectGarbage();
    assertTrue(allExist(), "a lease without a live holder still holds");
    assertEquals(0, cs.expireLeases(Duration.ofHours(1)), "it is not that old yet");
    clock.advance(Duration.ofHours(2));
    assertEquals(1, cs.expireLeases(Duration.ofHours(1)));
    assertTrue(cs.collectGarbage() >= handle.fileCount());
    assertTrue(noneExists());
    assertEquals(List.of(), cs.leases());
  }

  @Test
  void aDiscardBeforeTheOtherProcessRestoresMakesTheRestoreFail() throws Exception {
    cs.discard(1);
    assertFalse(allExist(), "nothing held them");
    Child other = startRestore("restored");
    assertEquals("<exited 1>", other.answer(), "the restore refused the discarded checkpoint");
    assertEquals(List.of(), cs.leases(), "a refused restore leaves no lease");
  }
}
