package io.sediment.lsm.internal.db;

import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.memtable.MemTable;
import io.sediment.lsm.internal.sst.SstWriter;
import io.sediment.lsm.internal.sst.SstWriterOptions;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.VersionSet;
import java.io.IOException;

/**
 * Writes a memtable, every entry and range tombstone as is, into one new level-0 SST. Nothing is
 * dropped here: obsolete versions are removed by compaction, which knows the live snapshots.
 */
final class MemTableFlusher {

  private MemTableFlusher() {}

  /**
   * @return the new file, or null when the memtable holds nothing
   * @throws IOException naming the file; a partial file is deleted
   */
  static FileMetadata flush(
      MemTable table, TableCache tables, VersionSet versions, SstWriterOptions options)
      throws IOException {
    if (!MemTables.hasData(table)) {
      return null;
    }
    SstOutput out = SstOutput.create(tables, versions, options);
    try {
      SstWriter w = out.writer();
      try (InternalIterator it = table.newIterator()) {
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
      for (RangeTombstone t : table.rangeTombstones()) {
        w.addRangeTombstone(t);
      }
    } catch (IOException | RuntimeException e) {
      out.abandon();
      throw e;
    }
    return out.finish(0);
  }
}
