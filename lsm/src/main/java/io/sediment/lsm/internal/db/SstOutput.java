package io.sediment.lsm.internal.db;

import io.sediment.fs.FileOwnership;
import io.sediment.fs.WritableFile;
import io.sediment.lsm.internal.compaction.CompactionMerge;
import io.sediment.lsm.internal.sst.SstProperties;
import io.sediment.lsm.internal.sst.SstWriter;
import io.sediment.lsm.internal.sst.SstWriterOptions;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.VersionSet;
import java.io.IOException;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;

/**
 * One new SST file being written under the store directory by a flush or a compaction: allocates
 * the file number (skipping names left behind by a crash), and turns the finished file into {@link
 * FileMetadata}. The file is written through the store's file cache, so its first read is local.
 * The number stays pending in the version set (see {@link VersionSet#newOutputNumber}) until an
 * edit installs the file or the output is given up. Not thread-safe.
 */
final class SstOutput implements CompactionMerge.Output {

  private final TableCache tables;
  private final VersionSet versions;
  private final long fileNumber;
  private final Path path;
  private final SstWriter writer;

  private SstOutput(
      TableCache tables, VersionSet versions, long fileNumber, Path path, SstWriter writer) {
    this.tables = tables;
    this.versions = versions;
    this.fileNumber = fileNumber;
    this.path = path;
    this.writer = writer;
  }

  /** Creates the next numbered file. */
  static SstOutput create(TableCache tables, VersionSet versions, SstWriterOptions options)
      throws IOException {
    for (int attempt = 0; ; attempt++) {
      long number = versions.newOutputNumber();
      Path path = tables.view().resolve(FileMetadata.sstName(number));
      WritableFile out;
      try {
        out = tables.createSst(path);
      } catch (FileAlreadyExistsException e) {
        // An unreferenced file left by a crash before its manifest edit: not ours to claim or
        // delete. Take the next number.
        versions.releaseOutput(number);
        if (attempt > 1000) {
          throw e;
        }
        continue;
      } catch (IOException | RuntimeException e) {
        versions.releaseOutput(number);
        throw e;
      }
      return new SstOutput(
          tables,
          versions,
          number,
          path,
          new SstWriter(
              new BufferedWritableFile(out, BufferedWritableFile.DEFAULT_CAPACITY), options));
    }
  }

  @Override
  public SstWriter writer() {
    return writer;
  }

  long fileNumber() {
    return fileNumber;
  }

  /** Finishes (footer, sync, close) and describes the file as a member of {@code level}. */
  @Override
  public FileMetadata finish(int level) throws IOException {
    SstProperties p;
    try {
      p = writer.finish();
    } catch (IOException | RuntimeException e) {
      abandon();
      throw e;
    }
    return FileMetadata.of(
        fileNumber, level, p, FileMetadata.sstName(fileNumber), "", FileOwnership.OWNED);
  }

  /** Gives up on the file and deletes it (and any local copy of it). */
  @Override
  public void abandon() {
    writer.abandon();
    deleteUnpublished(tables, versions, path, fileNumber);
  }

  /**
   * Deletes an output that was finished but will not be installed, and gives up its number. If the
   * deletion fails the number stays pending, so the next recovery deletes the file.
   */
  static void deleteUnpublished(TableCache tables, VersionSet versions, FileMetadata output) {
    deleteUnpublished(tables, versions, tables.path(output), output.fileNumber());
  }

  private static void deleteUnpublished(
      TableCache tables, VersionSet versions, Path path, long number) {
    try {
      tables.deleteUnpublished(path);
      versions.releaseOutput(number);
    } catch (IOException ignored) {
      // An unreferenced file is garbage, never read; its number is never reused.
    }
  }
}
