package io.sediment.fs;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * The idle input streams of every file one {@link FileSystemView} has open for reads, kept for
 * reuse under one bound shared by all of those files.
 *
 * <p>Why: a positional read borrows a stream of its own, and opening a stream costs a round trip on
 * a remote file system (HDFS asks the NameNode for block locations, S3A checks the object) and a
 * file open locally. When many reads of one file are in flight at once (a batch of lookups spread
 * over the read threads), each needs a stream; if only a few were kept after such a wave, the next
 * wave would open and close nearly one stream per read. So a file keeps every stream given back,
 * however many, as long as the view's idle streams stay within {@code limit}.
 *
 * <p>Guarantees: at most {@code limit} streams are idle across the view; when one more would pass
 * that, the stream given back least recently (of whichever file) is closed. A file takes back its
 * most recently returned stream first. Closing a file closes its idle streams, and a stream given
 * back to a closed file is closed instead of kept. A stream is never handed to two borrowers.
 *
 * <p>Thread-safe: one lock over the whole pool; each operation under it is a few constant-time
 * collection updates, and streams are closed outside it.
 */
final class IdleStreams {

  /** The bound of a view's pool: a few waves of a fully used read pool of 64 threads. */
  static final int DEFAULT_LIMIT = 256;

  private final int limit;

  /** Every idle stream of the view, least recently given back first. */
  private final LinkedHashSet<Idle> byAge = new LinkedHashSet<>();

  /**
   * @throws IllegalArgumentException if {@code limit} is negative
   */
  IdleStreams(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("idle stream limit must not be negative: " + limit);
    }
    this.limit = limit;
  }

  /** The pool of one newly opened file. */
  FilePool newFilePool() {
    return new FilePool();
  }

  /** Streams idle now across the view. */
  synchronized int idleCount() {
    return byAge.size();
  }

  /** One idle stream and the file it belongs to. Identity equality: each is its own element. */
  private static final class Idle {
    final FilePool owner;
    final FSDataInputStream stream;

    Idle(FilePool owner, FSDataInputStream stream) {
      this.owner = owner;
      this.stream = stream;
    }
  }

  /** The idle streams of one file. All state is guarded by the enclosing pool's lock. */
  final class FilePool {

    /** Most recently given back first. */
    private final ArrayDeque<Idle> idle = new ArrayDeque<>();

    private boolean closed;

    private FilePool() {}

    /** The stream given back most recently and not taken since, or null if there is none. */
    FSDataInputStream take() {
      synchronized (IdleStreams.this) {
        Idle i = idle.pollFirst();
        if (i == null) {
          return null;
        }
        byAge.remove(i);
        return i.stream;
      }
    }

    /**
     * Keeps {@code stream} for a later {@link #take()}. Closes it instead if the file is closed;
     * closes the view's oldest idle stream if keeping this one passes the limit.
     */
    void giveBack(FSDataInputStream stream) {
      FSDataInputStream toClose = stream;
      synchronized (IdleStreams.this) {
        if (!closed && limit > 0) {
          Idle i = new Idle(this, stream);
          idle.addFirst(i);
          byAge.add(i);
          toClose = null;
          if (byAge.size() > limit) {
            Iterator<Idle> oldest = byAge.iterator();
            Idle victim = oldest.next();
            oldest.remove();
            // The oldest of the view is the oldest of its file too: the last of that file's queue.
            victim.owner.idle.removeLastOccurrence(victim);
            toClose = victim.stream;
          }
        }
      }
      if (toClose != null) {
        closeQuietly(toClose);
      }
    }

    /** Closes the idle streams; streams given back from now on are closed too. Idempotent. */
    void close() {
      List<Idle> drained;
      synchronized (IdleStreams.this) {
        closed = true;
        drained = new ArrayList<>(idle);
        idle.clear();
        for (Idle i : drained) {
          byAge.remove(i);
        }
      }
      for (Idle i : drained) {
        closeQuietly(i.stream);
      }
    }

    /** Streams this file holds idle now. */
    int idleCount() {
      synchronized (IdleStreams.this) {
        return idle.size();
      }
    }
  }

  static void closeQuietly(FSDataInputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // A stream that fails to close leaks nothing we could recover.
    }
  }
}
