package io.sediment.tool;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.spi.SstFile;
import java.io.IOException;
import org.apache.hadoop.fs.Path;

/** What both forms of {@code verify} do to one SST: its size, then every block's checksum. */
final class SstCheck {

  private SstCheck() {}

  /**
   * Reads every block of the SST at {@code path}, checking each checksum and the key order ({@link
   * SstFile#verifyChecksums()}), after checking that the file has the size its metadata records.
   * Reads only.
   *
   * @param recordedBy what recorded the size, for the message ("the manifest")
   * @throws CorruptionException naming the file and offset of the first failed check
   * @throws java.io.FileNotFoundException naming the file if it does not exist
   * @throws IOException naming the file if it cannot be read
   */
  static void verify(FileSystemView view, Path path, long recordedSize, String recordedBy)
      throws IOException {
    long size = view.size(path);
    if (size != recordedSize) {
      throw new CorruptionException(
          path.toString(),
          Math.min(size, recordedSize),
          "file has " + size + " bytes, " + recordedBy + " records " + recordedSize);
    }
    try (SstFile sst = SstFile.open(view, path)) {
      sst.verifyChecksums();
    }
  }
}
