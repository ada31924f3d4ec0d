package io.sediment.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.FileOwnership;
import io.sediment.lsm.CompactionJob;
import io.sediment.lsm.Compression;
import io.sediment.lsm.StoreFile;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's HTTP contract: health, tokens, refusals by name and format, and busy answers. */
class CompactionWorkerProtocolTest {

  private static final String TOKEN = "t0ken";

  @TempDir Path dir;

  private CompactionWorker worker;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    worker = CompactionWorker.builder().token(TOKEN).threads(1).start();
  }

  @AfterEach
  void stop() {
    worker.close();
  }

  private HttpResponse<String> send(String method, String path, byte[] body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(worker.uri().resolve(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static CompactionJob job(String mergeName, String outputDir, Path input) {
    byte[] small = {'a', 0, 0, 0, 0, 0, 0, 1, 1};
    byte[] large = {'z', 0, 0, 0, 0, 0, 0, 1, 1};
    StoreFile f =
        new StoreFile(
            3,
            0,
            small,
            large,
            100,
            2,
            0,
            0,
            1,
            1,
            "000003.sst",
            input.toUri().toString(),
            FileOwnership.OWNED);
    return new CompactionJob(
        "store#1",
        0,
        1,
        List.of(f),
        false,
        true,
        List.of(),
        mergeName,
        null,
        Compression.NONE,
        4096,
        10,
        1 << 20,
        "",
        0,
        outputDir,
        1);
  }

  @Test
  void healthNeedsNoTokenEverythingElseDoes() throws Exception {
    assertEquals(200, send("GET", "/health", null, null).statusCode());
    assertEquals(401, send("GET", "/metrics", null, null).statusCode());
    assertEquals(401, send("GET", "/metrics", null, "wrong").statusCode());
    assertEquals(200, send("GET", "/metrics", null, TOKEN).statusCode());
    byte[] job =
        CompactionWireFormat.encodeJob(job(null, dir.toUri().toString(), dir.resolve("x")));
    assertEquals(401, send("POST", "/jobs", job, null).statusCode());
    assertEquals(0, worker.jobsStarted(), "an unauthorized submission does nothing");
  }

  @Test
  void malformedOversizedWrongVersionAndUnknownNamesAreRefused() throws Exception {
    HttpResponse<String> r = send("POST", "/jobs", new byte[] {1, 2, 3}, TOKEN);
    assertEquals(400, r.statusCode());
    byte[] good =
        CompactionWireFormat.encodeJob(job(null, dir.toUri().toString(), dir.resolve("x")));
    byte[] truncated = Arrays.copyOf(good, good.length - 9);
    assertEquals(400, send("POST", "/jobs", truncated, TOKEN).statusCode());
    byte[] version = good.clone();
    version[5] = 9;
    r = send("POST", "/jobs", version, TOKEN);
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("version 9"), r.body());
    r =
        send(
            "POST",
            "/jobs",
            CompactionWireFormat.encodeJob(
                job("no-such-function", dir.toUri().toString(), dir.resolve("x"))),
            TOKEN);
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("no-such-function"), r.body());
    r = send("POST", "/jobs", new byte[CompactionWireFormat.MAX_MESSAGE_BYTES + 10], TOKEN);
    assertEquals(400, r.statusCode());
    assertEquals(0, worker.jobsStarted());
    assertEquals(200, send("GET", "/health", null, null).statusCode(), "still serving");
  }

  @Test
  void busyWorkerAnswers503AndAFailedJobReportsWhy() throws Exception {
    worker.close();
    Configuration blocking = new Configuration();
    blocking.setClass("fs.file.impl", BlockingReadsFileSystem.class, FileSystem.class);
    blocking.setBoolean("fs.file.impl.disable.cache", true);
    BlockingReadsFileSystem.block();
    worker =
        CompactionWorker.builder().token(TOKEN).threads(1).hadoopConfiguration(blocking).start();
    try {
      Path input =
          Files.write(dir.resolve("input.sst"), new byte[4096]); // no SST, long enough to read
      Path out = Files.createDirectory(dir.resolve("out"));
      byte[] job = CompactionWireFormat.encodeJob(job(null, out.toUri().toString(), input));
      HttpResponse<String> first = send("POST", "/jobs", job, TOKEN);
      assertEquals(202, first.statusCode(), first.body());
      String handle = first.body().strip();
      HttpResponse<String> second = send("POST", "/jobs", job, TOKEN);
      assertEquals(503, second.statusCode(), second.body());
      WorkerStatus s = WorkerStatus.parse(send("GET", "/jobs/" + handle, null, TOKEN).body());
      assertEquals(WorkerStatus.State.RUNNING, s.state());
      assertEquals(409, send("GET", "/jobs/" + handle + "/result", null, TOKEN).statusCode());
      BlockingReadsFileSystem.release(); // the read goes on and finds no SST: the job fails
      WorkerStatus done = awaitTerminal(handle);
      assertEquals(WorkerStatus.State.FAILED, done.state());
      assertTrue(done.error().contains("input.sst"), done.error());
      try (var files = Files.list(out)) {
        assertEquals(0, files.count(), "a failed job leaves no output");
      }
      assertEquals(200, send("DELETE", "/jobs/" + handle, null, TOKEN).statusCode());
      assertEquals(404, send("GET", "/jobs/" + handle, null, TOKEN).statusCode());
      String metrics = send("GET", "/metrics", null, TOKEN).body();
      assertTrue(metrics.contains("jobs-started=1") && metrics.contains("jobs-failed=1"), metrics);
    } finally {
      BlockingReadsFileSystem.release();
    }
  }

  private WorkerStatus awaitTerminal(String handle) throws Exception {
    // Polls the worker's own status endpoint: the job's end is observed, not waited out.
    for (int i = 0; ; i++) {
      WorkerStatus s = WorkerStatus.parse(send("GET", "/jobs/" + handle, null, TOKEN).body());
      if (s.state().terminal()) {
        return s;
      }
      if (i > 10_000) {
        throw new AssertionError("job " + handle + " never finished: " + s);
      }
      Thread.onSpinWait();
    }
  }
}
