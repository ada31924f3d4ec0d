package io.sediment.fs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps logical file names ({@code 000123.sst}) to physical files and decides when a physical file
 * may be deleted.
 *
 * <p><b>References.</b> Every physical file known to the registry has a reference count: one for
 * each logical name bound to it ({@link #register}, {@link #link}) and one for each pin taken by a
 * reader ({@link #retain}: open iterators, pinned versions). {@link #unlink} and {@link #release}
 * drop one. Several names for one file are the registry's hard links: that is how a checkpoint or a
 * restored store shares files instead of copying them.
 *
 * <p><b>Ownership and the delete rule.</b> Each physical file has a {@link FileOwnership}. When a
 * file's count reaches zero the registry forgets it, and deletes it through the {@link
 * FileSystemView} only if it is {@link FileOwnership#OWNED}. {@link FileOwnership#SHARED} and
 * {@link FileOwnership#NOT_OWNED} files are never deleted here, and a file with any reference is
 * never deleted. {@link #markShared} moves an owned file to shared (handed to a checkpoint); {@link
 * #claim} takes ownership of a shared or not-owned file (Flink's CLAIM restore mode).
 *
 * <p><b>Concurrency.</b> Thread-safe: every state change happens under one lock; deletions happen
 * after it is released, on the thread that dropped the last reference. While a forgotten file is
 * being deleted its path cannot be registered again. A failed deletion never throws into the caller
 * that released: it is returned as {@link ReleaseOutcome#DELETE_FAILED} and reported to the {@link
 * Listener}.
 *
 * <p><b>Persistence.</b> {@link #export()} captures names and ownership; {@link #restore} rebuilds
 * a registry from them. Reader pins are process-local and not exported: a restored registry counts
 * one reference per name.
 *
 * <p><b>Errors.</b> {@link IllegalArgumentException} naming the value for an invalid or unknown
 * logical name, a name already bound, a null or foreign path, or a physical file registered twice.
 */
public final class FileRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(FileRegistry.class);

  /** Hears about deletions; called outside the registry's lock, on the releasing thread. */
  public interface Listener {
    /** An owned file reached zero references and was deleted. */
    default void deleted(Path physical) {}

    /** An owned file reached zero references but could not be deleted. */
    default void deleteFailed(Path physical, IOException error) {}

    /** A shared or not-owned file reached zero references and was forgotten, not deleted. */
    default void forgotten(Path physical, FileOwnership ownership) {}
  }

  /** Logs failed deletions (a WARN under this class's logger) and ignores the rest. */
  public static final Listener LOGGING_LISTENER =
      new Listener() {
        @Override
        public void deleteFailed(Path physical, IOException error) {
          LOG.warn(
              "could not delete unreferenced owned file {}; it is left for a later cleanup: {}",
              physical,
              error.getMessage(),
              error);
        }
      };

  private static final class Entry {
    FileOwnership ownership;
    long pins;
    final Set<String> names = new TreeSet<>();

    Entry(FileOwnership ownership) {
      this.ownership = ownership;
    }

    long refs() {
      return names.size() + pins;
    }
  }

  private final FileSystemView fs;
  private final Listener listener;
  private final Object lock = new Object();
  private final Map<String, Path> names = new HashMap<>();
  private final Map<Path, Entry> files = new HashMap<>();
  private final Set<Path> deleting = new HashSet<>();

  /** An empty registry deleting through {@code fs} and logging failed deletions. */
  public FileRegistry(FileSystemView fs) {
    this(fs, LOGGING_LISTENER);
  }

  /** An empty registry deleting through {@code fs} and reporting to {@code listener}. */
  public FileRegistry(FileSystemView fs, Listener listener) {
    if (fs == null || listener == null) {
      throw new IllegalArgumentException("file system and listener must not be null");
    }
    this.fs = fs;
    this.listener = listener;
  }

  /**
   * Binds {@code logical} to a physical file the registry did not know, with one reference. A file
   * this store just created is {@link FileOwnership#OWNED}.
   *
   * @throws IllegalArgumentException if the name is invalid or bound, or the file already known
   * @throws IllegalStateException if the file is being deleted right now
   */
  public void register(String logical, Path physical, FileOwnership ownership) {
    FileSystemView.checkName(logical);
    if (ownership == null) {
      throw new IllegalArgumentException("ownership of " + physical + " must not be null");
    }
    Path p = qualify(physical);
    synchronized (lock) {
      checkUnbound(logical);
      if (files.containsKey(p)) {
        throw new IllegalArgumentException(
            "physical file "
                + p
                + " is already registered (as "
                + files.get(p).names
                + "); link it");
      }
      if (deleting.contains(p)) {
        throw new IllegalStateException("physical file " + p + " is being deleted");
      }
      Entry entry = new Entry(ownership);
      entry.names.add(logical);
      files.put(p, entry);
      names.put(logical, p);
    }
  }

  /**
   * Adds the name {@code logical} for a physical file the registry already knows (one more
   * reference).
   *
   * @throws IllegalArgumentException if the name is invalid or bound, or the file unknown
   */
  public void link(String logical, Path physical) {
    FileSystemView.checkName(logical);
    Path p = qualify(physical);
    synchronized (lock) {
      checkUnbound(logical);
      Entry entry = files.get(p);
      if (entry == null) {
        throw new IllegalArgumentException(
            "cannot link '" + logical + "': physical file " + p + " is not registered");
      }
      entry.names.add(logical);
      names.put(logical, p);
    }
  }

  /**
   * Pins the physical file {@code logical} names (one more reference) and returns it. Release the
   * pin with {@link #release(Path)}: that works even after the name was unlinked.
   *
   * @throws IllegalArgumentException if the name is unknown
   */
  public Path retain(String logical) {
    FileSystemView.checkName(logical);
    synchronized (lock) {
      Path p = boundPath(logical);
      files.get(p).pins++;
      return p;
    }
  }

  /**
   * Drops a pin taken by {@link #retain}; at zero references the file is forgotten and, if owned,
   * deleted. Never throws for a failed deletion.
   *
   * @throws IllegalArgumentException if the file is unknown or has no pin
   */
  public ReleaseOutcome release(Path physical) {
    Path p = qualify(physical);
    Zero zero;
    synchronized (lock) {
      Entry entry = files.get(p);
      if (entry == null || entry.pins == 0) {
        throw new IllegalArgumentException("physical file " + p + " has no pin to release");
      }
      entry.pins--;
      zero = forgetIfUnreferenced(p, entry);
    }
    return finish(zero);
  }

  /**
   * Drops a pin on the file {@code logical} names; as {@link #release(Path)}.
   *
   * @throws IllegalArgumentException if the name is unknown or its file has no pin
   */
  public ReleaseOutcome release(String logical) {
    FileSystemView.checkName(logical);
    Path p;
    synchronized (lock) {
      p = boundPath(logical);
    }
    return release(p);
  }

  /**
   * Removes the name {@code logical} (one reference less); at zero references the file is forgotten
   * and, if owned, deleted. Never throws for a failed deletion.
   *
   * @throws IllegalArgumentException if the name is unknown
   */
  public ReleaseOutcome unlink(String logical) {
    FileSystemView.checkName(logical);
    Zero zero;
    synchronized (lock) {
      Path p = boundPath(logical);
      names.remove(logical);
      Entry entry = files.get(p);
      entry.names.remove(logical);
      zero = forgetIfUnreferenced(p, entry);
    }
    return finish(zero);
  }

  /**
   * The physical file {@code logical} names.
   *
   * @throws IllegalArgumentException if the name is unknown
   */
  public Path resolve(String logical) {
    FileSystemView.checkName(logical);
    synchronized (lock) {
      return boundPath(logical);
    }
  }

  /** Whether {@code logical} is bound. */
  public boolean contains(String logical) {
    FileSystemView.checkName(logical);
    synchronized (lock) {
      return names.containsKey(logical);
    }
  }

  /**
   * Ownership of a known physical file.
   *
   * @throws IllegalArgumentException if the file is unknown
   */
  public FileOwnership ownership(Path physical) {
    Path p = qualify(physical);
    synchronized (lock) {
      return known(p).ownership;
    }
  }

  /**
   * Hands an owned file to a checkpoint: {@code OWNED -> SHARED}, after which this registry never
   * deletes it. A shared or not-owned file stays as it is.
   *
   * @return the ownership before the call
   * @throws IllegalArgumentException if the file is unknown
   */
  public FileOwnership markShared(Path physical) {
    Path p = qualify(physical);
    synchronized (lock) {
      Entry entry = known(p);
      FileOwnership before = entry.ownership;
      if (before == FileOwnership.OWNED) {
        entry.ownership = FileOwnership.SHARED;
      }
      return before;
    }
  }

  /**
   * Takes ownership of a shared or not-owned file ({@code -> OWNED}), so it is deleted at zero
   * references.
   *
   * @return the ownership before the call
   * @throws IllegalArgumentException if the file is unknown
   */
  public FileOwnership claim(Path physical) {
    Path p = qualify(physical);
    synchronized (lock) {
      Entry entry = known(p);
      FileOwnership before = entry.ownership;
      entry.ownership = FileOwnership.OWNED;
      return before;
    }
  }

  /** References (names plus pins) to a physical file; 0 if the registry does not know it. */
  public long refCount(Path physical) {
    Path p = qualify(physical);
    synchronized (lock) {
      Entry entry = files.get(p);
      return entry == null ? 0 : entry.refs();
    }
  }

  /** The bound logical names, sorted. */
  public Set<String> logicalNames() {
    synchronized (lock) {
      return Collections.unmodifiableSet(new TreeSet<>(names.keySet()));
    }
  }

  /** The logical names of a physical file, sorted; empty if unknown. */
  public Set<String> namesOf(Path physical) {
    Path p = qualify(physical);
    synchronized (lock) {
      Entry entry = files.get(p);
      return entry == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(entry.names));
    }
  }

  /** The known physical files, sorted. */
  public Set<Path> physicalFiles() {
    synchronized (lock) {
      return Collections.unmodifiableSet(new TreeSet<>(files.keySet()));
    }
  }

  /** The registry's names and ownerships as bytes (pins are not included); see {@link #restore}. */
  public byte[] export() {
    Map<Path, RegistryImage.FileImage> image = new TreeMap<>();
    synchronized (lock) {
      for (Map.Entry<Path, Entry> e : files.entrySet()) {
        if (!e.getValue().names.isEmpty()) {
          image.put(
              e.getKey(),
              new RegistryImage.FileImage(
                  e.getKey(), e.getValue().ownership, new ArrayList<>(e.getValue().names)));
        }
      }
    }
    return RegistryImage.encode(new ArrayList<>(image.values()));
  }

  /** Rebuilds a registry from {@link #export()}, logging failed deletions. */
  public static FileRegistry restore(byte[] exported, FileSystemView fs) throws IOException {
    return restore(exported, fs, LOGGING_LISTENER);
  }

  /**
   * Rebuilds a registry from {@link #export()}: the same names, files and ownerships, one reference
   * per name.
   *
   * @throws IllegalArgumentException if exported is null
   * @throws IOException if the bytes are damaged (the message names the offset)
   */
  public static FileRegistry restore(byte[] exported, FileSystemView fs, Listener listener)
      throws IOException {
    if (exported == null) {
      throw new IllegalArgumentException("exported registry bytes must not be null");
    }
    FileRegistry registry = new FileRegistry(fs, listener);
    for (RegistryImage.FileImage file : RegistryImage.decode(exported)) {
      List<String> fileNames = file.names();
      try {
        registry.register(fileNames.get(0), file.physical(), file.ownership());
        for (int i = 1; i < fileNames.size(); i++) {
          registry.link(fileNames.get(i), file.physical());
        }
      } catch (IllegalArgumentException e) {
        throw new IOException("exported registry is inconsistent: " + e.getMessage(), e);
      }
    }
    return registry;
  }

  private record Zero(Path path, FileOwnership ownership) {}

  /** Under the lock: forgets a file at zero references and says what must happen outside. */
  private Zero forgetIfUnreferenced(Path p, Entry entry) {
    if (entry.refs() > 0) {
      return null;
    }
    files.remove(p);
    if (entry.ownership == FileOwnership.OWNED) {
      deleting.add(p);
    }
    return new Zero(p, entry.ownership);
  }

  /** Outside the lock: deletes an owned forgotten file and reports. */
  private ReleaseOutcome finish(Zero zero) {
    if (zero == null) {
      return ReleaseOutcome.STILL_REFERENCED;
    }
    if (zero.ownership() != FileOwnership.OWNED) {
      notify(() -> listener.forgotten(zero.path(), zero.ownership()));
      return ReleaseOutcome.FORGOTTEN_KEPT;
    }
    IOException failure = null;
    try {
      fs.delete(zero.path());
    } catch (IOException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = new IOException("cannot delete " + zero.path() + ": " + e.getMessage(), e);
    } finally {
      synchronized (lock) {
        deleting.remove(zero.path());
      }
    }
    if (failure != null) {
      IOException reported = failure;
      notify(() -> listener.deleteFailed(zero.path(), reported));
      return ReleaseOutcome.DELETE_FAILED;
    }
    notify(() -> listener.deleted(zero.path()));
    return ReleaseOutcome.DELETED;
  }

  private static void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // A faulty listener must not turn a release into a failure of the reader that released.
      LOG.warn("file registry listener failed", e);
    }
  }

  private void checkUnbound(String logical) {
    Path existing = names.get(logical);
    if (existing != null) {
      throw new IllegalArgumentException(
          "logical name '" + logical + "' is already bound to " + existing);
    }
  }

  private Path boundPath(String logical) {
    Path p = names.get(logical);
    if (p == null) {
      throw new IllegalArgumentException("unknown logical name '" + logical + "'");
    }
    return p;
  }

  private Entry known(Path p) {
    Entry entry = files.get(p);
    if (entry == null) {
      throw new IllegalArgumentException("physical file " + p + " is not registered");
    }
    return entry;
  }

  private Path qualify(Path physical) {
    if (physical == null) {
      throw new IllegalArgumentException("physical path must not be null");
    }
    return fs.hadoopFileSystem().makeQualified(physical);
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "FileRegistry[" + files.size() + " files, " + names.size() + " names]";
    }
  }
}
