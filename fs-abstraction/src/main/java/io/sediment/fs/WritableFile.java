package io.sediment.fs;

import io.netty.buffer.ByteBuf;
import java.io.Closeable;
import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * A new file being written once, sequentially. After {@link #close()} it never changes.
 *
 * <p>Not thread-safe: one writer per file. Bytes are durable only after {@link #sync()} or {@link
 * #close()} returned; a crash before that may lose any suffix of what was written (the
 * fault-injecting file system models exactly that).
 *
 * <p>Once a write or sync has failed, every later write, sync and close fails too (close still
 * releases the stream): what reached the file is unknown, so it must not be completed.
 */
public interface WritableFile extends Closeable {

  /** The physical path being written. */
  Path path();

  /** Number of bytes written so far; the position the next byte lands at. */
  long position();

  /** Appends {@code src[offset..offset+length)}. */
  void write(byte[] src, int offset, int length) throws IOException;

  /** Appends the readable bytes of {@code src} without changing its reader index. */
  void write(ByteBuf src) throws IOException;

  /**
   * Makes everything written so far durable: {@code hsync} where the file system supports it, a
   * flush otherwise (object stores make a file durable only at close).
   */
  void sync() throws IOException;

  /**
   * Whether {@link #sync()} makes the bytes written so far durable while the file stays open: true
   * where the file system's stream has {@code hsync} (HDFS, a local disk), false where a file
   * becomes durable only when it is closed (object stores such as S3 through S3A), so that {@link
   * #sync()} merely flushes. Fixed for the life of the file. A write-ahead log relies on it. False
   * unless the implementation knows better.
   */
  default boolean syncsDurably() {
    return false;
  }

  /** Syncs and closes; the file becomes immutable and readable. Idempotent. */
  @Override
  void close() throws IOException;
}
