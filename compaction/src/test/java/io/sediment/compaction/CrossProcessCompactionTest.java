package io.sediment.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.lsm.Db;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote compaction with workers (and a store) in separate JVMs that are killed, stopped and
 * resumed: the store always ends equal to its model, only the awaited attempt's outputs are
 * installed, and every other attempt's outputs are deleted, at once or at the next open.
 */
class CrossProcessCompactionTest {

  private static final String TOKEN = "cross-process-token";

  @TempDir Path dir;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    for (Process p : started) {
      signal(p, "CONT");
      p.destroyForcibly();
    }
  }

  private record Worker(Process process, URI uri) {}

  private List<String> java(String mainClass) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return new ArrayList<>(List.of(java, "-Xmx256m", "-cp", classPath, mainClass));
  }

  private Worker startWorker(long slowOpenMillis) throws IOException {
    if (slowOpenMillis > 0) {
      return startWorker(
          List.of(
              "--hadoop",
              "fs.file.impl=" + SlowReadsFileSystem.class.getName(),
              "--hadoop",
              "fs.file.impl.disable.cache=true",
              "--hadoop",
              "sediment.test.slow-open-ms=" + slowOpenMillis));
    }
    return startWorker(List.of());
  }

  private Worker startWorker(List<String> extraArgs) throws IOException {
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, TOKEN + "\n");
    List<String> cmd = java("io.sediment.compaction.CompactionWorkerMain");
    cmd.addAll(List.of("--port", "0", "--token-file", tokenFile.toString(), "--threads", "2"));
    cmd.addAll(extraArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    started.add(p);
    String line = firstLine(p, "listening on ");
    return new Worker(p, URI.create(line.substring("listening on ".length()).strip()));
  }

  private static String firstLine(Process p, String prefix) throws IOException {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new IOException("process ended without printing '" + prefix + "'");
  }

  private static void signal(Process p, String sig) {
    try {
      new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor();
    } catch (IOException e) {
      throw new AssertionError("cannot send SIG" + sig, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private RemoteCompactionService service(List<URI> workers) {
    return RemoteCompactionService.builder()
        .workers(workers)
        .token(TOKEN)
        .jobTimeout(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(50))
        .fallbackToLocal(false)
        .build();
  }

  /** Writes the data in one session without compaction service, so it is ready for a test. */
  private TreeMap<String, Long> prepare(Path store) throws IOException {
    TreeMap<String, Long> model = new TreeMap<>();
    try (Db db = Db.open(RemoteStores.options(store, null))) {
      RemoteStores.write(db, model, 99, 6);
    }
    return model;
  }

  @Test
  void workerKilledMidJobIsReplacedAndItsOutputsNeverReferenced() throws Exception {
    Worker slow = startWorker(4000);
    Worker healthy = startWorker(0);
    Path store = dir.resolve("store");
    TreeMap<String, Long> model = prepare(store);
    WorkerClientProbe probe = new WorkerClientProbe(slow.uri(), TOKEN);
    try (RemoteCompactionService service = service(List.of(slow.uri(), healthy.uri()));
        Db db = Db.open(RemoteStores.options(store, service))) {
      Thread killer =
          new Thread(
              () -> {
                probe.awaitMetric("jobs-running", 1);
                slow.process().destroyForcibly(); // SIGKILL mid-job
              });
      killer.start();
      db.compactRange(null, null);
      killer.join();
      RemoteStores.check(db, model);
      assertFalse(slow.process().isAlive());
      List<String> live = RemoteStores.livePaths(db);
      for (String d : RemoteStores.jobDirectories(store)) {
        assertTrue(
            live.stream().anyMatch(p -> p.contains("/compactions/" + d + "/")),
            "the killed worker's attempt directory " + d + " was deleted");
      }
    }
    try (Db db = Db.open(RemoteStores.options(store, null))) {
      RemoteStores.check(db, model);
    }
  }

  @Test
  void stoppedWorkerFinishingLateIsFencedAndItsOutputsDeleted() throws Exception {
    Worker slow = startWorker(3000);
    Worker healthy = startWorker(0);
    Path store = dir.resolve("store");
    TreeMap<String, Long> model = prepare(store);
    WorkerClientProbe probe = new WorkerClientProbe(slow.uri(), TOKEN);
    try (RemoteCompactionService service = service(List.of(slow.uri(), healthy.uri()));
        Db db = Db.open(RemoteStores.options(store, service))) {
      Thread stopper =
          new Thread(
              () -> {
                probe.awaitMetric("jobs-running", 1);
                signal(slow.process(), "STOP");
              });
      stopper.start();
      db.compactRange(
          null, null); // the stopped worker's attempt times out; the healthy one runs it
      stopper.join();
      RemoteStores.check(db, model);
      List<String> installed = RemoteStores.livePaths(db);
      assertTrue(service.lateAttempts() > 0, "the stopped attempt is being watched");
      signal(slow.process(), "CONT"); // it wakes up and finishes (or fails) late
      probe.awaitMetric("jobs-running", 0);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (service.lateAttempts() > 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait(); // the service's reaper settles the late attempt
      }
      assertEquals(0, service.lateAttempts());
      assertEquals(installed, RemoteStores.livePaths(db), "nothing installed twice or late");
      RemoteStores.check(db, model);
      for (String d : RemoteStores.jobDirectories(store)) {
        assertTrue(
            installed.stream().anyMatch(p -> p.contains("/compactions/" + d + "/")),
            "the late attempt's directory " + d + " was deleted");
      }
    }
    try (Db db = Db.open(RemoteStores.options(store, null))) {
      RemoteStores.check(db, model);
    }
  }

  @Test
  void retryAfterAWorkerKilledMidJobTakesOverTheOutputsItFinished() throws Exception {
    Worker slow =
        startWorker(
            List.of(
                "--hadoop",
                "fs.file.impl=" + SlowOutputsFileSystem.class.getName(),
                "--hadoop",
                "fs.file.impl.disable.cache=true",
                "--hadoop",
                "sediment.test.slow-create-ms=1200"));
    Worker healthy = startWorker(0);
    Path store = dir.resolve("store");
    long target = 2 << 10; // many outputs per job
    TreeMap<String, Long> model = new TreeMap<>();
    try (Db db = Db.open(RemoteStores.options(store, null, target))) {
      RemoteStores.write(db, model, 99, 6);
    }
    WorkerClientProbe healthyProbe = new WorkerClientProbe(healthy.uri(), TOKEN);
    try (RemoteCompactionService service =
            RemoteCompactionService.builder()
                .workers(List.of(slow.uri(), healthy.uri()))
                .token(TOKEN)
                .jobTimeout(Duration.ofSeconds(6)) // generous: a loaded machine answers slowly
                .pollInterval(Duration.ofMillis(50))
                .fallbackToLocal(false)
                .build();
        Db db = Db.open(RemoteStores.options(store, service, target))) {
      Thread killer =
          new Thread(
              () -> {
                long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                // A record seen may still be being written (and a kill then leaves it torn, which
                // the retry rightly refuses): the third one's existence proves the first two whole.
                while (progressRecords(store) < 3 && System.nanoTime() < deadline) {
                  Thread.onSpinWait(); // the slow worker finishes an output every 1.2 s
                }
                slow.process().destroyForcibly(); // SIGKILL mid-job
              });
      killer.start();
      db.compactRange(null, null);
      killer.join();
      RemoteStores.check(db, model);
      assertTrue(
          healthyProbe.metric("outputs-reused") >= 2,
          "the retry took over the killed worker's outputs: "
              + healthyProbe.metric("outputs-reused"));
    }
    try (Db db = Db.open(RemoteStores.options(store, null, target))) {
      RemoteStores.check(db, model);
      for (String f : RemoteStores.jobFiles(store)) {
        assertTrue(f.endsWith(".sst"), "no progress record outlives its job: " + f);
      }
    }
  }

  /** Progress records in the store's attempt directories. */
  private static long progressRecords(Path store) {
    try {
      return RemoteStores.jobFiles(store).stream().filter(f -> f.endsWith(".progress")).count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0; // a directory deleted while listed
    }
  }

  @Test
  void storeKilledWhileAJobRunsRemotelyCollectsItsOutputsAtOpen() throws Exception {
    Path store = dir.resolve("store");
    TreeMap<String, Long> model = prepare(store);
    List<String> cmd = java("io.sediment.compaction.PrimaryProcess");
    cmd.add(store.toString());
    Process primary =
        new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    started.add(primary);
    String written = firstLine(primary, "written ").substring("written ".length()).strip();
    Path attemptDir = Path.of(URI.create(written));
    try (var files = Files.list(attemptDir)) {
      assertTrue(files.findAny().isPresent(), "the attempt wrote outputs: " + attemptDir);
    }
    primary.destroyForcibly();
    primary.waitFor();
    try (Db db = Db.open(RemoteStores.options(store, null))) {
      RemoteStores.check(db, model);
      assertFalse(Files.exists(attemptDir), "orphaned outputs collected at open: " + attemptDir);
      assertEquals(List.of(), RemoteStores.jobDirectories(store));
    }
  }
}
