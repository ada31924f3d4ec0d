package io.sediment.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.ReadOptions;
import io.sediment.snapshot.CheckpointStorage;
import io.sediment.snapshot.Restore;
import io.sediment.snapshot.RestoreMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;

/**
 * The damage of the corruption suites and the reads that must survive it, on any file system: a
 * seeded damage of a file's bytes (one to three bytes flipped, or the file cut short), and checks
 * that opening a store or restoring a checkpoint, a forward and a reverse scan and a get of every
 * key each either throw an {@link IOException} naming the damaged file (a {@code
 * CorruptionException} for a failed check) or answer exactly what the model answers. Anything else
 * fails the test with an {@link AssertionError} that says which damage and which step.
 */
final class DamageChecks {

  private DamageChecks() {}

  /** Damaged content and what was done to it. */
  record Damage(byte[] bytes, String description) {}

  /**
   * Flips one to three bytes of {@code b}, or cuts it short (one time in four, and always for an
   * empty file), at offsets drawn from {@code r}. {@code b} is not changed.
   */
  static Damage damage(byte[] b, SplittableRandom r) {
    if (b.length == 0 || r.nextInt(4) == 0) {
      int keep = b.length == 0 ? 0 : r.nextInt(b.length);
      return new Damage(
          Arrays.copyOf(b, keep), "truncated to " + keep + " of " + b.length + " bytes");
    }
    byte[] out = b.clone();
    int flips = 1 + r.nextInt(3);
    StringBuilder at = new StringBuilder();
    for (int i = 0; i < flips; i++) {
      int offset = r.nextInt(out.length);
      out[offset] ^= (byte) (1 + r.nextInt(255));
      at.append(i == 0 ? "" : ",").append(offset);
    }
    return new Damage(out, "bytes flipped at " + at + " of " + out.length);
  }

  /**
   * Opens and reads a store with a damaged file named {@code damaged}; returns whether some step
   * threw (acceptably).
   */
  static boolean checkStore(
      DbOptions options, NavigableMap<byte[], byte[]> state, String damaged, String what) {
    Db db;
    try {
      db = Db.open(options);
    } catch (Exception e) {
      return acceptable(e, damaged, what + ", open");
    }
    boolean threw = false;
    try {
      threw |= readAll(db, state, damaged, what);
    } finally {
      try {
        db.close();
      } catch (IOException e) {
        threw |= acceptable(e, damaged, what + ", close");
      }
    }
    return threw;
  }

  /**
   * Restores checkpoint {@code checkpointId} of the storage at {@code storageUri}, one of whose
   * files named {@code damaged} is damaged, into a store with {@code restoredOptions}, and reads it
   * all; returns whether some step threw (acceptably).
   */
  static boolean checkCheckpoint(
      String storageUri,
      Configuration conf,
      long checkpointId,
      DbOptions restoredOptions,
      NavigableMap<byte[], byte[]> atCheckpoint,
      String damaged,
      String what) {
    try (CheckpointStorage storage = CheckpointStorage.open(storageUri, conf)) {
      try (Db db =
          Restore.open(storage.load(checkpointId), restoredOptions, RestoreMode.NO_CLAIM)) {
        return readAll(db, atCheckpoint, damaged, what);
      }
    } catch (Exception e) {
      return acceptable(e, damaged, what + ", restore");
    }
  }

  /** Scans both ways and gets every key; returns whether some read threw. */
  static boolean readAll(Db db, NavigableMap<byte[], byte[]> state, String damaged, String what) {
    boolean threw = false;
    try {
      NavigableMap<byte[], byte[]> forward = ModelStore.newMap();
      try (DbIterator it = db.newIterator(ReadOptions.defaults())) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          forward.put(it.key(), it.value());
        }
      }
      if (!RecoveryModel.sameState(state, forward)) {
        fail(
            what
                + ": forward scan answered wrong: "
                + RecoveryModel.firstDifference(state, forward));
      }
    } catch (Exception e) {
      threw |= acceptable(e, damaged, what + ", forward scan");
    }
    try {
      List<byte[]> keys = new ArrayList<>();
      try (DbIterator it = db.newIterator(ReadOptions.defaults())) {
        for (it.seekToLast(); it.isValid(); it.prev()) {
          keys.add(it.key());
          byte[] v = state.get(it.key());
          if (!Arrays.equals(v, it.value())) {
            fail(what + ": reverse scan answered wrong at " + ByteText.summarize(it.key()));
          }
        }
      }
      if (keys.size() != state.size()) {
        fail(what + ": reverse scan saw " + keys.size() + " keys of " + state.size());
      }
    } catch (Exception e) {
      threw |= acceptable(e, damaged, what + ", reverse scan");
    }
    for (Map.Entry<byte[], byte[]> e : state.entrySet()) {
      byte[] absent = Arrays.copyOf(e.getKey(), e.getKey().length + 1);
      absent[absent.length - 1] = 1;
      try {
        if (!Arrays.equals(e.getValue(), db.get(e.getKey()))) {
          fail(what + ": get answered wrong at " + ByteText.summarize(e.getKey()));
        }
        if (!state.containsKey(absent) && db.get(absent) != null) {
          fail(what + ": get found absent key " + ByteText.summarize(absent));
        }
      } catch (Exception ex) {
        threw |= acceptable(ex, damaged, what + ", get");
      }
    }
    return threw;
  }

  /**
   * A read that threw is acceptable if it threw an I/O error naming the damaged file (somewhere in
   * its causes); anything else fails the test. Returns true.
   */
  static boolean acceptable(Exception e, String damaged, String what) {
    Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
    if (!(t instanceof IOException)) {
      throw new AssertionError(what + ": threw " + t + " instead of an IOException", t);
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (String.valueOf(c.getMessage()).contains(damaged)) {
        return true;
      }
    }
    throw new AssertionError(what + ": " + t + " does not name the damaged file " + damaged, t);
  }

  /** {@code sst} for an SST's name, the name up to its first dash otherwise. */
  static String kindOf(String name) {
    return name.endsWith(".sst") ? "sst" : name.replaceAll("-.*", "");
  }
}
