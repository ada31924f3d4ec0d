package io.sediment.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.IllegalReferenceCountException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A memory cache of decoded file blocks, weighed in bytes, shareable by any number of stores.
 *
 * <p>Entries are keyed by (file id, block offset). File ids come from {@link #newFileId()} and are
 * unique for the life of the cache, so several stores (or several opens of one file) never see each
 * other's blocks, and a stale entry of a deleted file is simply never asked for again.
 *
 * <p>Values are reference-counted Netty heap {@link ByteBuf}s. The cache owns one reference to each
 * resident buffer and releases it when the entry is evicted, invalidated or replaced. {@link
 * #getOrLoad} hands out an additional reference that the caller must release exactly once.
 *
 * <p><b>Why a reader can never see a released buffer.</b> Caffeine may evict an entry on another
 * thread between the moment a reader finds the value and the moment it retains it. Netty's
 * reference count makes that race safe: once a count reached zero it stays released forever (a
 * later {@code retain()} throws {@link IllegalReferenceCountException} and leaves the buffer
 * released). So a reader first retains and only then reads; if the retain fails, the entry was
 * being evicted and the reader loads the block again. A retain that succeeds before the eviction's
 * release keeps the memory alive until the reader releases it.
 *
 * <p>Buffers are allocated from {@link #allocator()} (pooled heap memory, tracked by Netty's leak
 * detector), which loaders should use.
 *
 * <p>Thread-safe. Removal notifications run on the thread that triggers them, which keeps the
 * statistics exact once {@link #stats()} has run the pending maintenance.
 */
public final class BlockCache implements AutoCloseable {

  /** Bytes charged per entry on top of the buffer's capacity: key, node and map overhead. */
  static final int ENTRY_OVERHEAD = 96;

  private static final AtomicLong NEXT_CACHE_SERIAL = new AtomicLong();

  private final long capacityBytes;
  private final Cache<BlockKey, ByteBuf> cache;
  private final ByteBufAllocator allocator;
  private final AtomicLong nextFileId = new AtomicLong(1);
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final AtomicLong residentBytes = new AtomicLong();
  private final AtomicLong residentEntries = new AtomicLong();
  private final long serial = NEXT_CACHE_SERIAL.incrementAndGet();

  /** Loads a block on a cache miss. */
  @FunctionalInterface
  public interface BlockLoader {
    /**
     * Reads and decodes the block at {@code offset} of file {@code fileId}.
     *
     * @return a buffer with reference count 1 whose readable bytes are the block; ownership passes
     *     to the cache
     * @throws IOException if the block cannot be read or fails its checks
     */
    ByteBuf load(long fileId, long offset) throws IOException;
  }

  /**
   * Counters since creation. {@code hits + misses} is the number of {@link #getOrLoad} calls that
   * returned or threw after looking up the cache, plus the {@link #getIfPresentCounted} calls that
   * found their block; {@code bytes} and {@code entries} describe what is resident now.
   */
  public record Stats(long hits, long misses, long evictions, long bytes, long entries) {}

  /**
   * Cache key. Keys stored in the cache are never changed; each thread also owns one lookup
   * instance that it refills for every probe, so a hit allocates nothing (the cached get path is
   * meant to allocate only the value it returns).
   */
  private static final class BlockKey {
    private long fileId;
    private long offset;

    BlockKey(long fileId, long offset) {
      this.fileId = fileId;
      this.offset = offset;
    }

    BlockKey set(long fileId, long offset) {
      this.fileId = fileId;
      this.offset = offset;
      return this;
    }

    long fileId() {
      return fileId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BlockKey k && k.fileId == fileId && k.offset == offset;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(fileId * 0x9E3779B97F4A7C15L + offset);
    }
  }

  private static final ThreadLocal<BlockKey> LOOKUP_KEY =
      ThreadLocal.withInitial(() -> new BlockKey(0, 0));

  private BlockCache(long capacityBytes, ByteBufAllocator allocator) {
    this.capacityBytes = capacityBytes;
    this.allocator = allocator;
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(capacityBytes)
            .weigher((BlockKey k, ByteBuf v) -> weight(v))
            .executor(Runnable::run)
            .removalListener(this::onRemoval)
            .build();
  }

  /**
   * A new cache holding at most about {@code capacityBytes} of blocks (buffer capacity plus a small
   * per-entry overhead).
   *
   * @throws IllegalArgumentException if {@code capacityBytes} is negative
   */
  public static BlockCache create(long capacityBytes) {
    return create(capacityBytes, PooledByteBufAllocator.DEFAULT);
  }

  /**
   * As {@link #create(long)}, with the allocator loaders should use (it must hand out heap
   * buffers); tests pass one whose allocations they can count.
   */
  public static BlockCache create(long capacityBytes, ByteBufAllocator allocator) {
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("negative block cache capacity " + capacityBytes);
    }
    if (allocator == null) {
      throw new IllegalArgumentException("allocator must not be null");
    }
    return new BlockCache(capacityBytes, allocator);
  }

  /** The byte budget given at creation. */
  public long capacityBytes() {
    return capacityBytes;
  }

  /** The allocator loaders should use for the buffers they hand to the cache. */
  public ByteBufAllocator allocator() {
    return allocator;
  }

  /** A file id never returned before by this cache. */
  public long newFileId() {
    return nextFileId.getAndIncrement();
  }

  /**
   * Returns the block at ({@code fileId}, {@code offset}), loading and caching it on a miss.
   *
   * @return a buffer retained for the caller, who must release it exactly once
   * @throws IOException whatever the loader threw; nothing is cached then
   */
  public ByteBuf getOrLoad(long fileId, long offset, BlockLoader loader) throws IOException {
    ByteBuf cached = cache.getIfPresent(LOOKUP_KEY.get().set(fileId, offset));
    if (cached != null && tryRetain(cached)) {
      hits.increment();
      return cached;
    }
    misses.increment();
    ByteBuf loaded = loader.load(fileId, offset);
    if (loaded == null) {
      throw new IllegalStateException(
          "block loader returned null for file " + fileId + " offset " + offset);
    }
    // One reference for the cache (the loader's), one for the caller.
    loaded.retain();
    residentBytes.addAndGet(loaded.capacity());
    residentEntries.incrementAndGet();
    ByteBuf previous = cache.asMap().putIfAbsent(new BlockKey(fileId, offset), loaded);
    if (previous != null) {
      // Another reader loaded it first: keep theirs cached, hand out ours uncached.
      residentBytes.addAndGet(-loaded.capacity());
      residentEntries.decrementAndGet();
      loaded.release();
    }
    return loaded;
  }

  /**
   * The cached block retained for the caller and counted as a hit, or null when it is not resident
   * (counting nothing: a caller that then loads the block with {@link #getOrLoad} counts the miss
   * there). Batched readers probe first and load the missing blocks together.
   */
  public ByteBuf getIfPresentCounted(long fileId, long offset) {
    ByteBuf cached = getIfPresent(fileId, offset);
    if (cached != null) {
      hits.increment();
    }
    return cached;
  }

  /** The cached block retained for the caller, or null when it is not resident; counts nothing. */
  public ByteBuf getIfPresent(long fileId, long offset) {
    ByteBuf cached = cache.getIfPresent(LOOKUP_KEY.get().set(fileId, offset));
    return cached != null && tryRetain(cached) ? cached : null;
  }

  /** Drops every cached block of {@code fileId} (for instance when its file is deleted). */
  public void invalidateFile(long fileId) {
    cache.asMap().keySet().removeIf(k -> k.fileId() == fileId);
  }

  /** Drops every cached block. */
  public void invalidateAll() {
    cache.invalidateAll();
    cache.cleanUp();
  }

  /** Counters, after running pending evictions so that they are exact. */
  public Stats stats() {
    cache.cleanUp();
    return new Stats(
        hits.sum(), misses.sum(), evictions.sum(), residentBytes.get(), residentEntries.get());
  }

  /** Releases every cached block; the cache stays usable. Idempotent. */
  @Override
  public void close() {
    invalidateAll();
  }

  private static int weight(ByteBuf buf) {
    return (int) Math.min(Integer.MAX_VALUE, (long) buf.capacity() + ENTRY_OVERHEAD);
  }

  /**
   * Takes a reference unless the buffer was already released. Netty never revives a released buffer
   * (see the class comment), so a failed retain means "being evicted", never "corrupted".
   */
  private static boolean tryRetain(ByteBuf buf) {
    if (buf.refCnt() == 0) {
      return false;
    }
    try {
      buf.retain();
      return true;
    } catch (IllegalReferenceCountException e) {
      return false;
    }
  }

  private void onRemoval(BlockKey key, ByteBuf value, RemovalCause cause) {
    if (value == null) {
      return;
    }
    if (cause.wasEvicted()) {
      evictions.increment();
    }
    residentBytes.addAndGet(-value.capacity());
    residentEntries.decrementAndGet();
    value.release();
  }

  @Override
  public String toString() {
    return "BlockCache#" + serial + "[" + capacityBytes + " bytes]";
  }
}
