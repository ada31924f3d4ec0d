package io.sediment.jmh;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.DbSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.EnvOptions;
import org.rocksdb.IngestExternalFileOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.SstFileWriter;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * What an embedded RocksDB does to rescale, as Flink's RocksDB state backend does it: of the
 * checkpoints whose key groups intersect the target, download the one with the largest overlap (as
 * a fraction of its own key groups; the first on a tie) into the store's directory, open it, and
 * delete the key groups outside the target with {@code deleteRange}; download every other one into
 * a temporary directory, open it, and copy the target's keys out of it into the store ({@link
 * RocksDbMerge}), then delete the temporary copy. Downloads go through {@link
 * RocksDbDfsCheckpoints}, so on the latency-injecting file system they pay its latency.
 */
final class RocksDbRescale {

  /** An uploaded checkpoint and the key groups of the store it was taken of. */
  record Source(RocksDbDfsCheckpoints.Uploaded checkpoint, KeyGroupRange keyGroups) {}

  private static final long SST_FILE_BYTES = 64L << 20;
  private static final long BATCH_BYTES = 1L << 20;

  private final RocksDbDfsCheckpoints dfs;
  private final DbSettings settings;
  private final RocksDbMerge merge;

  RocksDbRescale(RocksDbDfsCheckpoints dfs, DbSettings settings, RocksDbMerge merge) {
    this.dfs = dfs;
    this.settings = settings;
    this.merge = merge;
  }

  /**
   * Restores a store for {@code target} in {@code localDir} (which must not exist) from {@code
   * sources}; scratch directories are siblings of it, named after it, and gone on return.
   *
   * @throws IllegalArgumentException if no source intersects the target
   * @throws IOException naming the directory or file that cannot be downloaded, opened or written
   */
  RocksDbStore restore(List<Source> sources, KeyGroupRange target, Path localDir)
      throws IOException {
    Source initial = null;
    double best = -1;
    List<Source> others = new ArrayList<>();
    for (Source s : sources) {
      if (!s.keyGroups().overlaps(target)) {
        continue;
      }
      double overlap = (double) s.keyGroups().intersect(target).size() / s.keyGroups().size();
      if (overlap > best) {
        if (initial != null) {
          others.add(initial);
        }
        initial = s;
        best = overlap;
      } else {
        others.add(s);
      }
    }
    if (initial == null) {
      throw new IllegalArgumentException("no source intersects the target " + target);
    }
    dfs.download(initial.checkpoint(), localDir);
    RocksDbStore store = RocksDbStore.open(localDir, settings);
    try {
      clip(store, initial.keyGroups(), target);
      for (int i = 0; i < others.size(); i++) {
        Source other = others.get(i);
        Path temp = localDir.resolveSibling(localDir.getFileName() + "-temp-" + i);
        dfs.download(other.checkpoint(), temp);
        try (RocksDbStore source = RocksDbStore.open(temp, settings)) {
          KeyGroupRange range = other.keyGroups().intersect(target);
          if (merge == RocksDbMerge.INGEST) {
            Path staging = localDir.resolveSibling(localDir.getFileName() + "-ingest-" + i);
            ingest(store, writeSsts(source, range, staging));
            StoreFixture.deleteTree(staging);
          } else {
            copyInBatches(source, range, store);
          }
        } finally {
          StoreFixture.deleteTree(temp);
        }
      }
      return store;
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Deletes the key groups of {@code own} outside {@code target}, as Flink clips a restored DB. */
  private static void clip(RocksDbStore store, KeyGroupRange own, KeyGroupRange target)
      throws IOException {
    try {
      if (own.start() < target.start()) {
        store
            .rocksDb()
            .deleteRange(
                KeyGroupedState.lowerBound(own),
                KeyGroupedState.lowerBound(KeyGroupRange.of(target.start(), target.start())));
      }
      if (own.end() > target.end()) {
        store
            .rocksDb()
            .deleteRange(
                KeyGroupedState.lowerBound(KeyGroupRange.of(target.end() + 1, own.end())),
                KeyGroupedState.upperBound(own));
      }
    } catch (RocksDBException e) {
      throw new IOException("cannot clip the restored RocksDB to " + target + ": " + e, e);
    }
  }

  /** Writes the keys of {@code range} in {@code source} to SST files in {@code staging}. */
  private List<String> writeSsts(RocksDbStore source, KeyGroupRange range, Path staging)
      throws IOException {
    Files.createDirectories(staging);
    List<String> files = new ArrayList<>();
    byte[] upper = KeyGroupedState.upperBound(range);
    try (BloomFilter bloom = new BloomFilter(settings.bloomBitsPerKey(), false);
        Options options = sstOptions(bloom);
        EnvOptions env = new EnvOptions();
        ReadOptions read = new ReadOptions().setFillCache(false);
        RocksIterator it = source.rocksDb().newIterator(read)) {
      SstFileWriter writer = null;
      try {
        for (it.seek(KeyGroupedState.lowerBound(range)); it.isValid(); it.next()) {
          byte[] key = it.key();
          if (Arrays.compareUnsigned(key, upper) >= 0) {
            break;
          }
          if (writer == null) {
            String file = staging.resolve(files.size() + ".sst").toString();
            writer = new SstFileWriter(env, options);
            writer.open(file);
            files.add(file);
          }
          writer.put(key, it.value());
          if (writer.fileSize() >= SST_FILE_BYTES) {
            writer.finish();
            writer.close();
            writer = null;
          }
        }
        it.status();
        if (writer != null) {
          writer.finish();
        }
      } finally {
        if (writer != null) {
          writer.close();
        }
      }
    } catch (RocksDBException e) {
      throw new IOException("cannot write SST files for " + range + " in " + staging + ": " + e, e);
    }
    return files;
  }

  private static void ingest(RocksDbStore store, List<String> files) throws IOException {
    if (files.isEmpty()) {
      return;
    }
    try (IngestExternalFileOptions options = new IngestExternalFileOptions().setMoveFiles(true)) {
      store.rocksDb().ingestExternalFile(files, options);
    } catch (RocksDBException e) {
      throw new IOException("cannot ingest " + files + ": " + e, e);
    }
  }

  /** Puts the keys of {@code range} in {@code source} into {@code store} in write batches. */
  private static void copyInBatches(RocksDbStore source, KeyGroupRange range, RocksDbStore store)
      throws IOException {
    byte[] upper = KeyGroupedState.upperBound(range);
    try (ReadOptions read = new ReadOptions().setFillCache(false);
        RocksIterator it = source.rocksDb().newIterator(read);
        WriteOptions write = new WriteOptions().setDisableWAL(true);
        WriteBatch batch = new WriteBatch()) {
      for (it.seek(KeyGroupedState.lowerBound(range)); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (Arrays.compareUnsigned(key, upper) >= 0) {
          break;
        }
        batch.put(key, it.value());
        if (batch.getDataSize() >= BATCH_BYTES) {
          store.rocksDb().write(write, batch);
          batch.clear();
        }
      }
      it.status();
      if (batch.count() > 0) {
        store.rocksDb().write(write, batch);
      }
    } catch (RocksDBException e) {
      throw new IOException("cannot copy " + range + " into the restored RocksDB: " + e, e);
    }
  }

  /** Options of the SST files written for ingestion: the store's compression and table format. */
  private Options sstOptions(BloomFilter bloom) {
    return new Options()
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setTableFormatConfig(
            new BlockBasedTableConfig().setBlockSize(settings.blockSize()).setFilterPolicy(bloom));
  }
}
