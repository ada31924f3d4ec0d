package io.sediment.snapshot;

import io.sediment.lsm.Db;
import io.sediment.lsm.spi.StoreEngine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The stores open in this process whose files a {@link CheckpointStorage} must not delete: every
 * store it checkpointed and every store {@link Restore} opened, plus the files of restores still
 * being set up. Asked at deletion time, so a file that some open store's current or pinned version
 * still holds is kept however the checkpoints that referenced it were discarded.
 *
 * <p>Process-wide by nature (a store and the storages that protect its files need not know each
 * other). Stores are held weakly and forgotten once closed. Thread-safe.
 */
final class LiveStores {

  private static final Map<Db, Boolean> STORES = new WeakHashMap<>();
  private static final Map<Object, Collection<String>> RESERVED = new IdentityHashMap<>();

  private LiveStores() {}

  /** Protects the files of {@code db} for as long as it stays open. */
  static synchronized void track(Db db) {
    STORES.put(db, Boolean.TRUE);
  }

  /**
   * Protects {@code paths} until {@link #unreserve} (a restore between writing its manifest and
   * having an open store to ask).
   */
  static synchronized Object reserve(Collection<String> paths) {
    Object token = new Object();
    RESERVED.put(token, List.copyOf(paths));
    return token;
  }

  static synchronized void unreserve(Object token) {
    RESERVED.remove(token);
  }

  /**
   * Qualified paths of every file an open tracked store holds, or a restore has reserved. The lock
   * is held throughout, so a restore cannot slip between the answer and the caller's deletions as
   * long as the caller deletes inside {@link #whileHeld}.
   */
  static synchronized Set<String> protectedFiles() {
    Set<String> paths = new HashSet<>();
    for (Db db : new ArrayList<>(STORES.keySet())) {
      StoreEngine engine = StoreEngine.of(db);
      if (engine.isClosed()) {
        STORES.remove(db);
        continue;
      }
      FileSystem fs = engine.fileSystem().hadoopFileSystem();
      for (Path p : engine.liveFilePaths()) {
        paths.add(fs.makeQualified(p).toString());
      }
    }
    for (Collection<String> reserved : RESERVED.values()) {
      paths.addAll(reserved);
    }
    return Collections.unmodifiableSet(paths);
  }

  /** Work that must not interleave with tracking or reserving (deciding and deleting). */
  interface Action<T, E extends Exception> {
    T run() throws E;
  }

  static <T, E extends Exception> T whileHeld(Action<T, E> action) throws E {
    synchronized (LiveStores.class) {
      return action.run();
    }
  }
}
