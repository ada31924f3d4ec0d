package io.sediment.fs;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>Guarantees: at most {@code limit} streams are idle across the view; a stream given back when
 * that many are idle is closed instead of kept. A file takes back its most recently returned stream
 * first. Closing a file closes its idle streams and frees their places, and a stream given back to
 * a closed file is closed too. A stream is never handed to two borrowers.
 *
 * <p>Thread-safe and lock-free: every read of a file passes through here twice, often from dozens
 * of threads at once, and a lock would queue them all behind any holder the scheduler preempts.
 */
final class IdleStreams {

  /** The bound of a view's pool: a few waves of a fully used read pool of 64 threads. */
  static final int DEFAULT_LIMIT = 256;

  private final int limit;

  /** Streams idle now across the view (or about to be, or just taken: see {@link #giveBack}). */
  private final AtomicInteger idle = new AtomicInteger();

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

  /** Streams idle now across the view (exact once concurrent calls have returned). */
  int idleCount() {
    return idle.get();
  }

  /** The idle streams of one file. */
  final class FilePool {

    /** Most recently given back first. */
    private final ConcurrentLinkedDeque<FSDataInputStream> streams = new ConcurrentLinkedDeque<>();

    private volatile boolean closed;

    private FilePool() {}

    /** The stream given back most recently and not taken since, or null if there is none. */
    FSDataInputStream take() {
      FSDataInputStream in = streams.pollFirst();
      if (in != null) {
        idle.decrementAndGet();
      }
      return in;
    }

    /**
     * Keeps {@code stream} for a later {@link #take()}, or closes it if the file is closed or the
     * view already keeps {@code limit} idle streams.
     */
    void giveBack(FSDataInputStream stream) {
      if (closed) {
        closeQuietly(stream);
        return;
      }
      // The place is claimed before the stream is offered, so the count never undercounts what
      // is idle and the bound holds at every moment.
      if (idle.incrementAndGet() > limit) {
        idle.decrementAndGet();
        closeQuietly(stream);
        return;
      }
      streams.offerFirst(stream);
      // close() may have drained the pool between the check above and the offer.
      if (closed && streams.remove(stream)) {
        idle.decrementAndGet();
        closeQuietly(stream);
      }
    }

    /** Closes the idle streams; streams given back from now on are closed too. Idempotent. */
    void close() {
      closed = true;
      FSDataInputStream in;
      while ((in = streams.pollFirst()) != null) {
        idle.decrementAndGet();
        closeQuietly(in);
      }
    }

    /** Streams this file holds idle now. */
    int idleCount() {
      return streams.size();
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
