package io.sediment.lsm.internal.db;

import io.sediment.fs.FileSystemView;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Keeps a store directory to one open store at a time, as RocksDB's {@code LOCK} file does: a
 * second open fails instead of racing the first one's flushes and compactions (and, at open,
 * deleting the files they are still writing as if a crash had left them).
 *
 * <p>Within a process the directory's qualified path is registered while the store is open. On a
 * local file system the store also holds an operating-system lock on the file {@code LOCK} in the
 * directory, which excludes other processes and is released by the system if the process dies. On a
 * distributed file system (HDFS, object stores) nothing excludes a writer in another process:
 * whoever runs the stores (the stream processor) must not open one directory from two processes at
 * once, as a failed-over task restores into a new directory.
 */
final class StoreLock implements Closeable {

  /** Name of the lock file in a store directory on a local file system. */
  static final String LOCK_FILE = "LOCK";

  private static final Set<String> OPEN = ConcurrentHashMap.newKeySet();

  private final String key;
  private final FileChannel channel;
  private final FileLock lock;
  private boolean released;

  private StoreLock(String key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks the directory of {@code view}.
   *
   * @throws IOException naming the directory if a store has it open, in this process or (on a local
   *     file system) another one, or if the lock file cannot be opened
   */
  static StoreLock acquire(FileSystemView view) throws IOException {
    String key = view.root().toString();
    if (!OPEN.add(key)) {
      throw new IOException("store " + key + " is already open in this process");
    }
    try {
      File local = localFile(view.hadoopFileSystem(), view);
      if (local == null) {
        return new StoreLock(key, null, null);
      }
      FileChannel channel =
          FileChannel.open(local.toPath(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw new IOException("cannot lock " + local + ": " + e.getMessage(), e);
      }
      if (lock == null) {
        channel.close();
        throw new IOException(
            "store " + key + " is open in another process (" + local + " is locked)");
      }
      return new StoreLock(key, channel, lock);
    } catch (IOException | RuntimeException e) {
      OPEN.remove(key);
      throw e;
    }
  }

  /** The lock file of a directory on a local file system (under any wrappers), or null. */
  private static File localFile(FileSystem fs, FileSystemView view) {
    FileSystem f = fs;
    while (true) {
      if (f instanceof LocalFileSystem local) {
        return local.pathToFile(view.resolve(LOCK_FILE));
      }
      if (f instanceof RawLocalFileSystem raw) {
        return raw.pathToFile(view.resolve(LOCK_FILE));
      }
      if (f instanceof FilterFileSystem filter) {
        f = filter.getRawFileSystem();
        continue;
      }
      return null;
    }
  }

  /** Releases the directory. Idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (released) {
      return;
    }
    released = true;
    try {
      if (channel != null) {
        try {
          lock.release();
        } finally {
          channel.close();
        }
      }
    } finally {
      OPEN.remove(key);
    }
  }
}
