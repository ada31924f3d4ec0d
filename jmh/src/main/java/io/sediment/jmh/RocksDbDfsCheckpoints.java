package io.sediment.jmh;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.fs.WritableFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.Checkpoint;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * What an embedded RocksDB has to do to keep its checkpoints on a DFS, as a stream processor's
 * RocksDB state backend does: take a local checkpoint ({@link Checkpoint#createCheckpoint}: flush
 * the memtable, hard-link the SST files, copy the small metadata files) and upload every file of it
 * to {@code <root>/chk-<id>/}; to restore, download every file back to a local directory and open
 * RocksDB on it. The uploads and downloads go through the same Hadoop file-system view as Sediment
 * (so on the latency-injecting file system every create, write call and close pays its latency), in
 * 8 MiB calls.
 *
 * <p>Every checkpoint here is a full one: all files are uploaded. (An incremental RocksDB backend
 * uploads only the SST files new since the previous checkpoint; its restore still downloads them
 * all.)
 */
final class RocksDbDfsCheckpoints implements AutoCloseable {

  static final int COPY_BYTES = 8 << 20;

  /** The files of one uploaded checkpoint: what a state handle would list. */
  record Uploaded(long id, List<String> files, long bytes) {}

  private final FileSystemView dfs;
  private final byte[] buffer = new byte[COPY_BYTES];

  /**
   * @param rootUri checkpoint root on the (remote) file system, e.g. {@code latency+file:///...}
   */
  RocksDbDfsCheckpoints(String rootUri, org.apache.hadoop.conf.Configuration conf)
      throws IOException {
    this.dfs = FileSystemView.open(rootUri, conf);
  }

  private org.apache.hadoop.fs.Path dirOf(long id) {
    return dfs.resolve("chk-" + id);
  }

  /**
   * Checkpoints {@code db} locally into {@code staging} (which must not exist), uploads it as
   * checkpoint {@code id}, and deletes the local copy.
   */
  Uploaded checkpoint(RocksDB db, long id, Path staging) throws IOException {
    try (Checkpoint checkpoint = Checkpoint.create(db)) {
      checkpoint.createCheckpoint(staging.toString());
    } catch (RocksDBException e) {
      throw new IOException("cannot checkpoint RocksDB into " + staging + ": " + e, e);
    }
    List<String> names = new ArrayList<>();
    long bytes = 0;
    org.apache.hadoop.fs.Path dir = dirOf(id);
    try (var list = Files.list(staging)) {
      for (Path local : (Iterable<Path>) list::iterator) {
        String name = local.getFileName().toString();
        bytes += upload(local, FileSystemView.resolve(dir, name));
        names.add(name);
      }
    }
    StoreFixture.deleteTree(staging);
    return new Uploaded(id, List.copyOf(names), bytes);
  }

  private long upload(Path local, org.apache.hadoop.fs.Path remote) throws IOException {
    long total = 0;
    try (InputStream in = Files.newInputStream(local);
        WritableFile out = dfs.create(remote)) {
      int n;
      while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
        out.write(buffer, 0, n);
        total += n;
      }
      out.sync();
    }
    return total;
  }

  /** Downloads every file of {@code checkpoint} into {@code localDir} (created). */
  void download(Uploaded checkpoint, Path localDir) throws IOException {
    Files.createDirectories(localDir);
    org.apache.hadoop.fs.Path dir = dirOf(checkpoint.id());
    for (String name : checkpoint.files()) {
      try (ReadableFile in = dfs.openRead(FileSystemView.resolve(dir, name));
          OutputStream out = Files.newOutputStream(localDir.resolve(name))) {
        long size = in.size();
        for (long pos = 0; pos < size; ) {
          int n = (int) Math.min(buffer.length, size - pos);
          in.readFully(pos, buffer, 0, n);
          out.write(buffer, 0, n);
          pos += n;
        }
      }
    }
  }

  /** Deletes uploaded checkpoint {@code id}. */
  void delete(long id) throws IOException {
    dfs.deleteRecursively(dirOf(id));
  }

  @Override
  public void close() throws IOException {
    dfs.close();
  }
}
