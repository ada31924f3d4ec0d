package io.sediment.cache.disk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open read channels of entry files, so that a read served from a local copy costs one positional
 * read instead of an open, a read and a close.
 *
 * <p>At most {@code maxOpen} channels are kept (least recently used ones are closed first). A
 * channel is reference counted: the pool holds one reference while the channel is pooled and each
 * reader holds one for the duration of its read, so a channel is closed only once it has left the
 * pool (evicted for room, or {@linkplain #close(CacheEntry) closed} because its entry left the
 * cache) and its last reader is done. A reader therefore never sees its channel closed under it,
 * and an entry that leaves the cache gives up its file descriptor (and so its disk space, the file
 * being deleted) as soon as the reads already under way finish.
 *
 * <p>Positional reads on one {@link FileChannel} from several threads are safe and do not share a
 * position, so readers of the same entry share its channel. Thread-safe.
 */
final class EntryChannels {

  /** A pooled channel and its reference count (the pool's own reference included). */
  static final class Handle {
    final FileChannel channel;
    private final AtomicInteger refs = new AtomicInteger(1);

    private Handle(FileChannel channel) {
      this.channel = channel;
    }

    /** Takes a reader's reference; false if the channel is already closed. */
    private boolean retain() {
      for (; ; ) {
        int r = refs.get();
        if (r == 0) {
          return false;
        }
        if (refs.compareAndSet(r, r + 1)) {
          return true;
        }
      }
    }

    /** Drops a reference; the last one closes the channel. */
    void release() {
      if (refs.decrementAndGet() == 0) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // A read-only channel that fails to close has nothing left to lose.
        }
      }
    }
  }

  private final Cache<CacheEntry, Handle> open;
  private volatile boolean closed;

  /**
   * @throws IllegalArgumentException if {@code maxOpen} is negative
   */
  EntryChannels(int maxOpen) {
    if (maxOpen < 0) {
      throw new IllegalArgumentException("maxOpen must not be negative: " + maxOpen);
    }
    // Listener on the calling thread: a channel leaves the pool as soon as its entry does.
    this.open =
        Caffeine.newBuilder()
            .maximumSize(maxOpen)
            .executor(Runnable::run)
            .removalListener(
                (CacheEntry entry, Handle handle, RemovalCause cause) -> {
                  if (handle != null) {
                    handle.release();
                  }
                })
            .build();
  }

  /**
   * A channel of {@code entry}'s file with a reference taken for the caller, who must {@link
   * Handle#release()} it. Opens and pools the file if it is not open yet.
   *
   * @throws java.nio.file.NoSuchFileException if the entry's file is gone
   * @throws IOException naming the file if it cannot be opened
   */
  Handle acquire(CacheEntry entry) throws IOException {
    for (; ; ) {
      Handle[] opened = new Handle[1];
      Handle handle;
      try {
        handle =
            open.get(
                entry,
                e -> {
                  // Born with the caller's reference too: the pool may drop it before get returns.
                  opened[0] = openUnchecked(e);
                  opened[0].refs.incrementAndGet();
                  return opened[0];
                });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      if (handle == opened[0] || handle.retain()) {
        if (closed) {
          open.invalidateAll(); // raced with close(): pool nothing; the caller's reference holds
        }
        return handle;
      }
      // Closed between the lookup and the retain: it has left the pool, open it again.
      open.asMap().remove(entry, handle);
    }
  }

  private static Handle openUnchecked(CacheEntry entry) {
    try {
      return new Handle(FileChannel.open(entry.file(), StandardOpenOption.READ));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Unpools the channel of an entry that left the cache; it closes after its last reader. */
  void close(CacheEntry entry) {
    open.invalidate(entry);
  }

  /** Unpools every channel; later acquisitions still work but pool nothing. Idempotent. */
  void close() {
    closed = true;
    open.invalidateAll();
  }

  /** Channels pooled now (for tests). */
  long openCount() {
    open.cleanUp();
    return open.estimatedSize();
  }
}
