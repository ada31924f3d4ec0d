package io.sediment.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.fs.testing.InProcessS3;
import io.sediment.fs.testing.S3RequestKind;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.DbOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * S3 errors on {@code s3a://}, injected into the in-process S3 server: throttling (503), a missing
 * bucket, wrong credentials and responses cut off in mid-body. Each surfaces, after S3A's own
 * retries (kept few and short by the fixture), as an {@link IOException} naming the S3 location,
 * and nothing is ever half-published: after every fault the store reopens at its last complete
 * manifest, every retained checkpoint loads whole and restores to exactly its state, and no
 * multipart upload is left open. A fault that S3A's retries absorb changes nothing at all.
 */
class S3FaultsTest {

  @RegisterExtension static final InProcessS3 S3 = new InProcessS3();

  /** More failures than S3A's retries (two) and the SDK's attempts (one) can absorb. */
  private static final int PERSISTENT = 20;

  @AfterEach
  void clearFaults() {
    S3.requests().clearFaults();
  }

  private static DbOptions options(String dir) {
    return DbOptions.builder(dir)
        .hadoopConfiguration(S3.configuration())
        .memtableBytes(64 << 10)
        .build();
  }

  private static void write(Db db, TreeMap<String, String> model, SplittableRandom r, int n)
      throws IOException {
    for (int i = 0; i < n; i++) {
      String k = String.format("k%04d", r.nextInt(500));
      String v = "v" + r.nextInt(1_000_000) + "-" + "x".repeat(r.nextInt(200));
      db.put(b(k), b(v));
      model.put(k, v);
    }
  }

  @Test
  void throttledUploadsFailTheCheckpointAndPublishNothingHalfWay() throws IOException {
    String dir = S3.freshDir("throttled-db").toString();
    String root = S3.freshDir("throttled-chk").toString();
    TreeMap<String, String> model = new TreeMap<>();
    SplittableRandom r = new SplittableRandom(503);
    TreeMap<String, String> atOne;
    TreeMap<String, String> atTwo;
    Db db = Db.open(options(dir));
    try (CheckpointStorage cs = CheckpointStorage.open(root, S3.configuration())) {
      write(db, model, r, 400);
      cs.checkpoint(db, 1);
      atOne = new TreeMap<>(model);

      // One 503 per upload is retried by S3A: the checkpoint succeeds.
      write(db, model, r, 400);
      long before = S3.requests().count(S3RequestKind.PUT);
      S3.requests().failNext(S3RequestKind.PUT, 1, 503);
      cs.checkpoint(db, 2);
      assertTrue(S3.requests().count(S3RequestKind.PUT) > before + 1, "the 503 was retried");
      atTwo = new TreeMap<>(model);

      // Persistent throttling: the checkpoint fails with an I/O error naming the S3 location.
      write(db, model, r, 400);
      S3.requests().failNext(S3RequestKind.PUT, PERSISTENT, 503);
      IOException e = assertThrows(IOException.class, () -> cs.checkpoint(db, 3));
      assertNamesS3(e);
      S3.requests().clearFaults();
    } finally {
      closeAfterFailure(db);
    }
    // Nothing half-published, seen by a fresh process: 1 and 2 load and restore whole, 3 is
    // either absent or whole.
    assertNothingHalfPublished(root, Map.of(1L, atOne, 2L, atTwo), 3L, model);
    // A store whose flush failed refuses writes until reopened. It reopens at its last complete
    // manifest (without a write-ahead log the unflushed writes are lost), and a later checkpoint
    // of it succeeds.
    try (Db reopened = Db.open(options(dir));
        CheckpointStorage cs = CheckpointStorage.open(root, S3.configuration())) {
      TreeMap<String, String> state = scan(reopened);
      assertTrue(state.equals(atTwo) || state.equals(model), "reopened state " + state.size());
      cs.checkpoint(reopened, 4);
      assertRestores(root, 4, state);
    }
    assertNoOpenUploads();
  }

  /** Closes a store after an injected failure, which its close may report again. */
  private static void closeAfterFailure(Db db) {
    try {
      db.close();
    } catch (IOException | RuntimeException closing) {
      // Reported already by the failed call; the reopen is what is checked.
    }
  }

  @Test
  void throttledFlushFailsNamingTheFileAndTheStoreReopensWhole() throws IOException {
    String dir = S3.freshDir("flush-db").toString();
    TreeMap<String, String> model = new TreeMap<>();
    SplittableRandom r = new SplittableRandom(5031);
    TreeMap<String, String> flushed;
    Db db = Db.open(options(dir));
    try {
      write(db, model, r, 300);
      db.flush();
      flushed = new TreeMap<>(model);
      write(db, model, r, 50);
      S3.requests().failNext(S3RequestKind.PUT, PERSISTENT, 503);
      IOException e = assertThrows(IOException.class, db::flush);
      assertNamesS3(e);
      S3.requests().clearFaults();
    } finally {
      closeAfterFailure(db);
    }
    try (Db reopened = Db.open(options(dir))) {
      TreeMap<String, String> seen = scan(reopened);
      // Without a write-ahead log, unflushed writes are lost with the process; whatever was
      // published is whole: the state of the last flush, or of the failed one if its manifest
      // made it after all.
      assertTrue(seen.equals(flushed) || seen.equals(model), "state after reopen: " + seen.size());
    }
    assertNoOpenUploads();
  }

  @Test
  void cutResponsesAreRetriedOrFailNamingTheFile() throws IOException {
    String dir = S3.freshDir("cut-db").toString();
    TreeMap<String, String> model = new TreeMap<>();
    SplittableRandom r = new SplittableRandom(1999);
    try (Db db = Db.open(options(dir))) {
      write(db, model, r, 600);
      db.flush();
    }
    // One cut response: S3A's classic stream requests it again and the reads answer right.
    S3.requests().cutNext(1, 10);
    try (Db db = Db.open(options(dir))) {
      assertEquals(model, scan(db));
    }
    // Every response cut: the read fails with an I/O error naming the file.
    S3.requests().cutNext(PERSISTENT * 10, 10);
    IOException e =
        assertThrows(
            IOException.class,
            () -> {
              try (Db db = Db.open(options(dir))) {
                scan(db);
              }
            });
    assertNamesS3(e);
    S3.requests().clearFaults();
    try (Db db = Db.open(options(dir))) {
      assertEquals(model, scan(db), "a failed read damages nothing");
    }
  }

  @Test
  void aMissingBucketIsAnIoErrorNamingTheUri() {
    String uri = "s3a://no-such-bucket-" + S3.bucket() + "/db";
    IOException open = assertThrows(IOException.class, () -> Db.open(options(uri)));
    assertTrue(open.getMessage().contains(uri), open.getMessage());
    IOException storage =
        assertThrows(IOException.class, () -> CheckpointStorage.open(uri, S3.configuration()));
    assertTrue(storage.getMessage().contains(uri), storage.getMessage());
  }

  @Test
  void wrongCredentialsAreAnIoErrorNamingTheUri() {
    Configuration wrong =
        InProcessS3.s3aConfiguration(S3.endpoint(), InProcessS3.ACCESS_KEY, "not-the-secret");
    String uri = S3.freshDir("wrong-keys").toString();
    IOException open =
        assertThrows(
            IOException.class,
            () -> Db.open(DbOptions.builder(uri).hadoopConfiguration(wrong).build()));
    assertTrue(open.getMessage().contains(uri), open.getMessage());
    IOException storage = assertThrows(IOException.class, () -> CheckpointStorage.open(uri, wrong));
    assertTrue(storage.getMessage().contains(uri), storage.getMessage());
  }

  /** The error, or a cause of it, names an {@code s3a://} location in the test bucket. */
  private static void assertNamesS3(IOException e) {
    String needle = "s3a://" + S3.bucket();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains(needle)) {
        return;
      }
    }
    throw new AssertionError("no message names " + needle + ": " + e, e);
  }

  /**
   * A fresh storage on {@code root} lists {@code whole}'s checkpoints and restores each to its
   * state; {@code maybe} is absent or restores to {@code maybeState}.
   */
  private static void assertNothingHalfPublished(
      String root,
      Map<Long, TreeMap<String, String>> whole,
      long maybe,
      TreeMap<String, String> maybeState)
      throws IOException {
    try (CheckpointStorage fresh = CheckpointStorage.open(root, S3.configuration())) {
      assertTrue(fresh.checkpoints().containsAll(whole.keySet()), "" + fresh.checkpoints());
      for (Map.Entry<Long, TreeMap<String, String>> c : whole.entrySet()) {
        assertRestores(root, c.getKey(), c.getValue());
      }
      if (fresh.checkpoints().contains(maybe)) {
        assertRestores(root, maybe, maybeState);
      }
    }
  }

  private static void assertRestores(String root, long id, TreeMap<String, String> state)
      throws IOException {
    try (CheckpointStorage cs = CheckpointStorage.open(root, S3.configuration());
        Db restored =
            Restore.open(cs.load(id), options(S3.freshDir("restored-" + id).toString()))) {
      assertEquals(state, scan(restored), "checkpoint " + id);
    }
  }

  private static void assertNoOpenUploads() {
    assertEquals(
        0,
        S3.requests().delegate().listMultipartUploads(S3.bucket()).size(),
        "open multipart uploads");
  }

  private static TreeMap<String, String> scan(Db db) throws IOException {
    TreeMap<String, String> seen = new TreeMap<>();
    try (DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        seen.put(s(it.key()), s(it.value()));
      }
    }
    return seen;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
