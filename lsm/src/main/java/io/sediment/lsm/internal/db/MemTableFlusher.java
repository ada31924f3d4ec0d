package io.sediment.lsm.internal.db;

import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.Sizes;
import io.sediment.lsm.internal.iterator.MergingIterator;
import io.sediment.lsm.internal.memtable.MemTable;
import io.sediment.lsm.internal.sst.SstWriter;
import io.sediment.lsm.internal.sst.SstWriterOptions;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.VersionSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one or more memtables, every entry and range tombstone as is, into one new level-0 SST.
 * Nothing is dropped here: obsolete versions are removed by compaction, which knows the live
 * snapshots.
 *
 * <p>Several small memtables go into one file when they queued up while the previous flush ran (as
 * RocksDB flushes every immutable memtable it finds): one file, one sync and one manifest edit
 * instead of one each, and fewer, larger level-0 files for compaction. Their entries never collide,
 * since every write has its own sequence number, so the merge is a plain interleaving.
 */
final class MemTableFlusher {

  private static final Logger LOG = LoggerFactory.getLogger(MemTableFlusher.class);

  private MemTableFlusher() {}

  /**
   * @param clock a nanosecond clock, to time the flush for the log
   * @return the new file, or null when the memtable holds nothing
   * @throws IOException naming the file; a partial file is deleted
   */
  static FileMetadata flush(
      MemTable table,
      TableCache tables,
      VersionSet versions,
      SstWriterOptions options,
      LongSupplier clock)
      throws IOException {
    return flush(List.of(table), tables, versions, options, clock);
  }

  /**
   * @param memtables the memtables to write together, in any order
   * @param clock a nanosecond clock, to time the flush for the log
   * @return the new file, or null when the memtables hold nothing
   * @throws IOException naming the file; a partial file is deleted
   */
  static FileMetadata flush(
      List<MemTable> memtables,
      TableCache tables,
      VersionSet versions,
      SstWriterOptions options,
      LongSupplier clock)
      throws IOException {
    long start = clock.getAsLong();
    List<MemTable> withData = new ArrayList<>(memtables.size());
    for (MemTable m : memtables) {
      if (MemTables.hasData(m)) {
        withData.add(m);
      }
    }
    if (withData.isEmpty()) {
      return null;
    }
    SstOutput out = SstOutput.create(tables, versions, options);
    try {
      SstWriter w = out.writer();
      try (InternalIterator it = entries(withData)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          w.add(
              it.keyArray(),
              it.keyOffset(),
              it.keyLength(),
              it.valueArray(),
              it.valueOffset(),
              it.valueLength());
        }
      }
      for (MemTable m : withData) {
        for (RangeTombstone t : m.rangeTombstones()) {
          w.addRangeTombstone(t);
        }
      }
    } catch (IOException | RuntimeException e) {
      out.abandon();
      throw e;
    }
    FileMetadata file = out.finish(0);
    if (LOG.isInfoEnabled()) {
      long memtableBytes = 0;
      for (MemTable m : withData) {
        memtableBytes += m.approximateBytes();
      }
      LOG.info(
          "flushed {} memtable(s) of {} to {}: {} entries, {}, {} ms",
          withData.size(),
          Sizes.bytes(memtableBytes),
          file.logicalName(),
          file.entryCount(),
          Sizes.bytes(file.fileSize()),
          Sizes.millis(start, clock.getAsLong()));
    }
    return file;
  }

  private static InternalIterator entries(List<MemTable> memtables) {
    if (memtables.size() == 1) {
      return memtables.get(0).newIterator();
    }
    List<InternalIterator> children = new ArrayList<>(memtables.size());
    for (MemTable m : memtables) {
      children.add(m.newIterator());
    }
    return new MergingIterator(children);
  }
}
