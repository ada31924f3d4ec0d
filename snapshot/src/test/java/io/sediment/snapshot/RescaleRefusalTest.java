package io.sediment.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sediment.keygroups.KeyGroupPrefix;
import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.spi.StoreEngine;
import io.sediment.lsm.spi.StoreManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every input a rescale refuses, and what it ignores: each refusal is an IllegalArgumentException
 * naming the checkpoints, and leaves no store and no lease behind.
 */
class RescaleRefusalTest {

  private static final int MAX_P = 16;
  private static final KeyGroupPrefix PREFIX = KeyGroupPrefix.forMaxParallelism(MAX_P);

  @TempDir Path tmp;
  private CheckpointStorage storage;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private long nextId = 11;

  @BeforeEach
  void openStorage() throws Exception {
    storage =
        CheckpointStorage.open(tmp.resolve("checkpoints").toUri().toString(), new Configuration());
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    storage.close();
  }

  private DbOptions.Builder builder(String name) {
    return DbOptions.builder(tmp.resolve(name).toUri().toString());
  }

  private DbOptions options(String name, KeyGroupRange range, int maxP) {
    return builder(name).keyGroups(range, maxP).build();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * A checkpoint of a store of {@code range} (maxParallelism {@code maxP}) holding one key each.
   */
  private CheckpointHandle checkpointOf(KeyGroupRange range, int maxP) throws Exception {
    String name = "src-" + nextId;
    KeyGroupPrefix prefix = KeyGroupPrefix.forMaxParallelism(maxP);
    try (Db db = Db.open(options(name, range, maxP))) {
      for (int g = range.start(); g <= range.end(); g++) {
        db.put(prefix.prepend(g, b("k")), b("v" + g));
      }
      return storage.checkpoint(db, nextId++);
    }
  }

  private void assertRefused(Executable restore, String target, String... named) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, restore);
    for (String n : named) {
      assertTrue(e.getMessage().contains(n), "'" + n + "' in: " + e.getMessage());
    }
    assertTrue(storeAbsent(target), "a refused rescale leaves no store in " + target + ": " + e);
  }

  private boolean storeAbsent(String name) {
    try {
      return StoreManifest.read(tmp.resolve(name).toUri().toString(), null).isEmpty();
    } catch (java.io.FileNotFoundException e) {
      return true;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void refusesAHandleWithoutKeyGroups() throws Exception {
    CheckpointHandle plain;
    try (Db db = Db.open(builder("plain").build())) {
      db.put(b("x"), b("y"));
      plain = storage.checkpoint(db, 99);
    }
    CheckpointHandle keyed = checkpointOf(KeyGroupRange.of(0, 7), MAX_P);
    KeyGroupRange t = KeyGroupRange.of(0, 7);
    assertRefused(
        () -> Restore.open(List.of(keyed, plain), t, options("t", t, MAX_P)),
        "t",
        "checkpoint 99 declares no key groups");
  }

  @Test
  void refusesOverlappingHandles() throws Exception {
    CheckpointHandle a = checkpointOf(KeyGroupRange.of(0, 8), MAX_P);
    CheckpointHandle b = checkpointOf(KeyGroupRange.of(8, 15), MAX_P);
    KeyGroupRange t = KeyGroupRange.of(0, 15);
    assertRefused(
        () -> Restore.open(List.of(a, b), t, options("t", t, MAX_P)),
        "t",
        "checkpoints " + a.id(),
        "and " + b.id(),
        "overlap");
    assertRefused(
        () -> Restore.open(List.of(a, a), KeyGroupRange.of(0, 3), options("t", t, MAX_P)),
        "t",
        "overlap");
  }

  @Test
  void refusesDifferentMaxParallelism() throws Exception {
    CheckpointHandle a = checkpointOf(KeyGroupRange.of(0, 7), MAX_P);
    CheckpointHandle b = checkpointOf(KeyGroupRange.of(8, 31), 32);
    KeyGroupRange t = KeyGroupRange.of(0, 15);
    assertRefused(
        () -> Restore.open(List.of(a, b), t, options("t", t, MAX_P)),
        "t",
        "checkpoints " + a.id() + " and " + b.id() + " have different maxParallelism: 16 and 32");
  }

  @Test
  void refusesOptionsThatDoNotDeclareTheTarget() throws Exception {
    CheckpointHandle a = checkpointOf(KeyGroupRange.of(0, 15), MAX_P);
    KeyGroupRange t = KeyGroupRange.of(0, 7);
    String id = String.valueOf(a.id());
    assertRefused(() -> Restore.open(List.of(a), t, builder("t").build()), "t", "declare none", id);
    assertRefused(
        () -> Restore.open(List.of(a), t, options("t", KeyGroupRange.of(0, 6), MAX_P)),
        "t",
        "must declare keyGroups(KeyGroupRange[0, 7], 16)",
        id);
    assertRefused(
        () -> Restore.open(List.of(a), t, options("t", t, 32)), "t", "of maxParallelism 32", id);
  }

  @Test
  void refusesHandlesThatDoNotCoverTheTarget() throws Exception {
    CheckpointHandle a = checkpointOf(KeyGroupRange.of(0, 3), MAX_P);
    CheckpointHandle c = checkpointOf(KeyGroupRange.of(8, 15), MAX_P);
    KeyGroupRange t = KeyGroupRange.of(2, 9);
    assertRefused(
        () -> Restore.open(List.of(a, c), t, options("t", t, MAX_P)),
        "t",
        "do not cover target KeyGroupRange[2, 9]: key group 4 is in none of them",
        a.id() + " KeyGroupRange[0, 3]");
    KeyGroupRange tail = KeyGroupRange.of(14, 15);
    CheckpointHandle b = checkpointOf(KeyGroupRange.of(4, 13), MAX_P);
    assertRefused(
        () -> Restore.open(List.of(a, b), tail, options("t", tail, MAX_P)),
        "t",
        "key group 14 is in none");
  }

  @Test
  void refusesAnotherMergeFunctionAndBadArguments() throws Exception {
    CheckpointHandle a = checkpointOf(KeyGroupRange.of(0, 15), MAX_P);
    KeyGroupRange t = KeyGroupRange.of(0, 7);
    assertRefused(
        () ->
            Restore.open(
                List.of(a),
                t,
                builder("t").keyGroups(t, MAX_P).mergeFunction(new JoinMerge()).build()),
        "t",
        "checkpoint " + a.id() + " was written with merge function <none>");
    assertRefused(() -> Restore.open(List.of(), t, options("t", t, MAX_P)), "t", "one or more");
    List<CheckpointHandle> withNull = new ArrayList<>();
    withNull.add(null);
    assertRefused(() -> Restore.open(withNull, t, options("t", t, MAX_P)), "t", "none null");
    assertRefused(() -> Restore.open(List.of(a), null, options("t", t, MAX_P)), "t", "null");
    assertRefused(
        () -> Restore.open(List.of(a), KeyGroupRange.EMPTY, options("t", t, MAX_P)), "t", "empty");
  }

  @Test
  void ignoresHandlesOutsideTheTargetAndLeasesOnlyTheOthers() throws Exception {
    CheckpointHandle a = checkpointOf(KeyGroupRange.of(0, 7), MAX_P);
    CheckpointHandle b = checkpointOf(KeyGroupRange.of(8, 15), MAX_P);
    KeyGroupRange t = KeyGroupRange.of(2, 5);
    try (Db db = Restore.open(List.of(b, a), t, options("t", t, MAX_P))) {
      for (int g = 0; g < MAX_P; g++) {
        byte[] want = t.contains(g) ? b("v" + g) : null;
        assertArrayEquals(want, db.get(PREFIX.prepend(g, b("k"))), "key group " + g);
      }
      List<Long> leased = new ArrayList<>();
      for (CheckpointLease l : storage.leases()) {
        leased.add(l.checkpointId());
      }
      assertEquals(List.of(a.id()), leased);
      assertEquals(t, StoreEngine.of(db).options().keyGroups());
    }
  }

  @Test
  void aFailedLeaseWithdrawsTheStoreAndGivesBackTheLeasesTaken() throws Exception {
    CheckpointHandle a = checkpointOf(KeyGroupRange.of(0, 7), MAX_P);
    CheckpointHandle b = checkpointOf(KeyGroupRange.of(8, 15), MAX_P);
    storage.discard(b.id());
    KeyGroupRange t = KeyGroupRange.of(0, 15);
    assertRefused(
        () -> Restore.open(List.of(a, b), t, options("t", t, MAX_P)),
        "t",
        "checkpoint " + b.id() + " is not retained");
    assertEquals(List.of(), storage.leases());
    try (Db db =
        Restore.open(
            List.of(a), KeyGroupRange.of(0, 7), options("t", KeyGroupRange.of(0, 7), MAX_P))) {
      assertArrayEquals(b("v3"), db.get(PREFIX.prepend(3, b("k"))));
    }
  }

  @Test
  void refusesADirectoryThatHoldsAStore() throws Exception {
    CheckpointHandle a = checkpointOf(KeyGroupRange.of(0, 15), MAX_P);
    KeyGroupRange t = KeyGroupRange.of(0, 7);
    Db.open(options("t", t, MAX_P)).close();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Restore.open(List.of(a), t, options("t", t, MAX_P)));
    assertTrue(e.getMessage().contains("already holds one"), e.getMessage());
    assertEquals(List.of(), storage.leases());
  }

  @Test
  void aSingleHandleRestoreKeepsTheCheckpointsKeyGroups() throws Exception {
    KeyGroupRange range = KeyGroupRange.of(4, 11);
    CheckpointHandle a = checkpointOf(range, MAX_P);
    try (Db db = Restore.open(a, builder("undeclared").build())) {
      assertEquals(range, StoreEngine.of(db).options().keyGroups());
      assertThrows(IllegalArgumentException.class, () -> db.put(PREFIX.prepend(2, b("k")), b("x")));
    }
    try (Db db = Restore.open(a, options("same", range, MAX_P))) {
      assertArrayEquals(b("v4"), db.get(PREFIX.prepend(4, b("k"))));
    }
    assertRefused(
        () -> Restore.open(a, options("other", KeyGroupRange.of(4, 7), MAX_P)),
        "other",
        "checkpoint " + a.id(),
        "rescale to restore part of it");
    CheckpointHandle plain;
    try (Db db = Db.open(builder("plain").build())) {
      db.put(b("x"), b("y"));
      plain = storage.checkpoint(db, 98);
    }
    assertRefused(
        () -> Restore.open(plain, options("keyed", range, MAX_P)),
        "keyed",
        "checkpoint 98 was taken of a store with no key groups");
  }
}
