package io.sediment.cache.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The resident entries, their recency order, and the byte budget.
 *
 * <p>Guarantees: {@code usedBytes} (resident entries + reservations of admissions in flight + files
 * that could not be deleted) never exceeds the capacity, because bytes are reserved before a single
 * byte is written and are released only after the file holding them is gone. A published entry is
 * always a complete file at its final name.
 *
 * <p>Eviction is LRU with promotion on every hit; admission of a read miss goes through {@link
 * TinyLfuAdmission} when it would evict anything, and must then be paid for by {@link LoadCredit}.
 * Write-through admissions are forced (they evict regardless of frequency): a file just written is
 * the most likely to be read next.
 *
 * <p>Concurrency: one lock over everything. Each operation under it is a map update plus at most a
 * few local deletes or one rename, all cheap next to the remote reads the cache saves, and one lock
 * keeps the budget invariant easy to see. Reads of entry files happen outside the lock, through
 * channels kept open by {@link EntryChannels}: an entry evicted meanwhile either makes the reader's
 * open fail, which it treats as a miss, or is read through a channel opened before the delete (same
 * verified bytes), which closes as soon as that read is done.
 */
final class CacheIndex {

  private final long capacityBytes;
  private final TinyLfuAdmission admission;
  private final LoadCredit loadCredit;
  private final StatsCounters stats;

  /** Insertion-ordered; a hit re-inserts, so the head is the least recently used. */
  private final LinkedHashMap<SegmentKey, CacheEntry> lru = new LinkedHashMap<>();

  private final Map<String, Set<SegmentKey>> byPath = new HashMap<>();
  private final Set<Reservation> reservations = new HashSet<>();

  /** Entry files whose delete failed: their bytes stay charged until a later delete succeeds. */
  private final Map<Path, Long> stranded = new HashMap<>();

  /** Told of every entry that stops being resident, after its file is deleted. */
  private final Consumer<CacheEntry> onRemoved;

  private long usedBytes;
  private volatile LongConsumer admissionListener = used -> {};

  CacheIndex(long capacityBytes, TinyLfuAdmission admission, StatsCounters stats) {
    this(capacityBytes, admission, stats, entry -> {});
  }

  /**
   * @param onRemoved called, under the index's lock, with every entry that stops being resident
   *     (evicted, discarded, invalidated, replaced or found missing), after its file was deleted:
   *     the place to close what still refers to the file
   */
  CacheIndex(
      long capacityBytes,
      TinyLfuAdmission admission,
      StatsCounters stats,
      Consumer<CacheEntry> onRemoved) {
    this.capacityBytes = capacityBytes;
    this.admission = admission;
    this.loadCredit = new LoadCredit(capacityBytes);
    this.stats = stats;
    this.onRemoved = onRemoved;
  }

  /** The credit that loads which evict spend; earned by reads (see {@link LoadCredit}). */
  LoadCredit loadCredit() {
    return loadCredit;
  }

  /** Test hook: called, under the lock, with the used bytes after every admission. */
  void setAdmissionListener(LongConsumer listener) {
    this.admissionListener = listener;
  }

  /** Records an access to {@code key} and returns its entry (promoted to most recent) or null. */
  synchronized CacheEntry lookup(SegmentKey key) {
    admission.recordAccess(key);
    CacheEntry entry = lru.remove(key);
    if (entry != null) {
      lru.put(key, entry);
    }
    return entry;
  }

  /** Whether {@code entry} is still the resident entry for its key. */
  synchronized boolean isResident(CacheEntry entry) {
    return lru.get(entry.key()) == entry;
  }

  /**
   * Reserves room for the entry of a read miss, evicting least recently used entries if the
   * frequency filter prefers the candidate to them and the load credit covers the candidate.
   *
   * @return the reservation, or null if the candidate is refused or cannot fit
   */
  synchronized Reservation reserveForRead(SegmentKey key, long bytes) {
    List<CacheEntry> victims = victimsFor(bytes);
    if (victims == null
        || (!victims.isEmpty()
            && (!admission.admit(key, victims) || !loadCredit.trySpend(bytes)))) {
      stats.admissionsRejected.increment();
      return null;
    }
    victims.forEach(this::evict);
    return reserve(key.file().path(), bytes);
  }

  /**
   * Reserves room for a file being written through, evicting regardless of frequency.
   *
   * @return the reservation, or null if not even evicting everything makes room
   */
  synchronized Reservation reserveForWrite(String remotePath, long bytes) {
    List<CacheEntry> victims = victimsFor(bytes);
    if (victims == null) {
      stats.admissionsRejected.increment();
      return null;
    }
    victims.forEach(this::evict);
    return reserve(remotePath, bytes);
  }

  /** Adds {@code extra} bytes to a write-through reservation, evicting as needed. */
  synchronized boolean grow(Reservation reservation, long extra) {
    if (reservation.cancelled) {
      return false;
    }
    List<CacheEntry> victims = victimsFor(extra);
    if (victims == null) {
      return false;
    }
    victims.forEach(this::evict);
    reservation.bytes += extra;
    usedBytes += extra;
    return true;
  }

  private Reservation reserve(String remotePath, long bytes) {
    Reservation r = new Reservation(remotePath, bytes);
    usedBytes += bytes;
    reservations.add(r);
    return r;
  }

  /**
   * Least recently used entries whose eviction makes room for {@code bytes}; null if impossible.
   */
  private List<CacheEntry> victimsFor(long bytes) {
    long excess = usedBytes + bytes - capacityBytes;
    List<CacheEntry> victims = new ArrayList<>();
    Iterator<CacheEntry> it = lru.values().iterator();
    while (excess > 0) {
      if (!it.hasNext()) {
        return null; // the rest of the budget is held by admissions in flight or stranded files
      }
      CacheEntry victim = it.next();
      victims.add(victim);
      excess -= victim.diskBytes();
    }
    return victims;
  }

  /**
   * Moves a sealed temporary file to its final name and makes it resident, paying for it out of the
   * reservation. If the path was invalidated meanwhile, deletes the temporary file instead.
   *
   * @return true if published, false if the reservation was cancelled
   * @throws IOException naming the files if the local rename fails (the temporary file is left for
   *     the caller to abandon)
   */
  synchronized boolean publish(Reservation reservation, Path tempFile, CacheEntry entry)
      throws IOException {
    if (entry.diskBytes() > reservation.bytes) {
      throw new IllegalStateException(
          "entry of "
              + entry.diskBytes()
              + " bytes exceeds its reservation of "
              + reservation.bytes);
    }
    if (reservation.cancelled) {
      Files.deleteIfExists(tempFile);
      return false;
    }
    try {
      Files.move(
          tempFile,
          entry.file(),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IOException(
          "cannot move cache file " + tempFile + " to " + entry.file() + ": " + e.getMessage(), e);
    }
    CacheEntry replaced = lru.remove(entry.key());
    if (replaced != null) {
      // Same key, same name: the rename above already replaced its file.
      usedBytes -= replaced.diskBytes();
      onRemoved.accept(replaced);
    }
    Long strandedBytes = stranded.remove(entry.file());
    if (strandedBytes != null) {
      usedBytes -= strandedBytes;
    }
    reservation.bytes -= entry.diskBytes();
    lru.put(entry.key(), entry);
    byPath.computeIfAbsent(entry.remotePath(), p -> new HashSet<>()).add(entry.key());
    stats.admissions.increment();
    admissionListener.accept(usedBytes);
    return true;
  }

  /** Returns what is left of a reservation to the budget. */
  synchronized void release(Reservation reservation) {
    usedBytes -= reservation.bytes;
    reservation.bytes = 0;
    reservations.remove(reservation);
  }

  /** Removes {@code entry} (and deletes its file) if it is still the resident one for its key. */
  synchronized boolean discard(CacheEntry entry) {
    if (lru.get(entry.key()) != entry) {
      return false;
    }
    remove(entry);
    return true;
  }

  /**
   * Removes every entry of {@code remotePath} and cancels admissions in flight for it, so that
   * nothing cached before this call is served after it.
   */
  synchronized void invalidate(String remotePath) {
    Set<SegmentKey> keys = byPath.get(remotePath);
    if (keys != null) {
      for (SegmentKey key : List.copyOf(keys)) {
        remove(lru.get(key));
      }
    }
    for (Reservation r : reservations) {
      if (r.remotePath.equals(remotePath)) {
        r.cancelled = true;
      }
    }
  }

  /**
   * Removes entries of the same path as {@code current} that certainly belong to another file: a
   * different length, or a different version where both versions are known. (An entry keyed without
   * a version is merely never matched by a lookup with one; it ages out.)
   */
  synchronized void dropStale(FileIdentity current) {
    Set<SegmentKey> keys = byPath.get(current.path());
    if (keys == null) {
      return;
    }
    for (SegmentKey key : List.copyOf(keys)) {
      FileIdentity cached = key.file();
      boolean otherVersion =
          !cached.version().isEmpty()
              && !current.version().isEmpty()
              && !cached.version().equals(current.version());
      if (cached.length() != current.length() || otherVersion) {
        remove(lru.get(key));
      }
    }
  }

  /**
   * Adds an entry found valid by the directory scan at open, as most recent. Does not check the
   * budget: call {@link #trimToCapacity()} after the last one.
   */
  synchronized void addRecovered(CacheEntry entry) {
    CacheEntry replaced = lru.put(entry.key(), entry);
    if (replaced != null) {
      usedBytes -= replaced.diskBytes();
    }
    usedBytes += entry.diskBytes();
    byPath.computeIfAbsent(entry.remotePath(), p -> new HashSet<>()).add(entry.key());
  }

  /** Evicts least recently used entries until the budget holds (e.g. after reopening smaller). */
  synchronized void trimToCapacity() {
    Iterator<CacheEntry> it = List.copyOf(lru.values()).iterator();
    while (usedBytes > capacityBytes && it.hasNext()) {
      evict(it.next());
    }
  }

  /**
   * After the local directory came back: forgets entries whose files are gone and retries deleting
   * stranded files.
   */
  synchronized void dropMissingFiles() {
    for (CacheEntry entry : List.copyOf(lru.values())) {
      if (!Files.isRegularFile(entry.file())) {
        forget(entry);
        usedBytes -= entry.diskBytes();
        onRemoved.accept(entry);
      }
    }
    for (Map.Entry<Path, Long> s : List.copyOf(stranded.entrySet())) {
      try {
        Files.deleteIfExists(s.getKey());
        stranded.remove(s.getKey());
        usedBytes -= s.getValue();
      } catch (IOException stillThere) {
        // Stays charged; retried on the next recovery.
      }
    }
  }

  synchronized long usedBytes() {
    return usedBytes;
  }

  synchronized int entryCount() {
    return lru.size();
  }

  private void evict(CacheEntry entry) {
    remove(entry);
    stats.evictions.increment();
  }

  private void remove(CacheEntry entry) {
    forget(entry);
    try {
      Files.deleteIfExists(entry.file());
      usedBytes -= entry.diskBytes();
    } catch (IOException e) {
      stranded.put(entry.file(), entry.diskBytes());
    }
    // After the delete: a reader racing with it either opened the file before (and its channel is
    // closed now, once that reader is done) or finds it gone.
    onRemoved.accept(entry);
  }

  private void forget(CacheEntry entry) {
    lru.remove(entry.key());
    Set<SegmentKey> keys = byPath.get(entry.remotePath());
    if (keys != null) {
      keys.remove(entry.key());
      if (keys.isEmpty()) {
        byPath.remove(entry.remotePath());
      }
    }
  }
}
