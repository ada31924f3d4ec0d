package io.sediment.cache.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Self-cleaning at open: turns whatever a previous process left in the cache directory into a
 * consistent index.
 *
 * <p>Deletes temporary files (writes that never finished) and entry files whose footer, trailer or
 * sizes do not check out, whose name does not match the identity inside them, or whose segment does
 * not fit the current layout. Every other entry file is added to the index, oldest modification
 * first, so recency survives a restart roughly; then the budget is enforced. Data checksums are not
 * read here (that would read the whole cache at every start); every later read verifies the chunks
 * it touches. Files not named by the cache are left alone.
 */
final class DirectoryScanner {

  private DirectoryScanner() {}

  /** Scan result: how many files were kept and deleted. */
  record Result(int kept, int deleted) {}

  /**
   * Scans {@code dir} into {@code index}.
   *
   * @throws IOException naming the directory if it cannot be listed
   */
  static Result scan(Path dir, SegmentLayout layout, CacheIndex index) throws IOException {
    List<Found> valid = new ArrayList<>();
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attrs.isRegularFile()) {
          continue;
        }
        if (name.startsWith(EntryFormat.TEMP_PREFIX) && name.endsWith(EntryFormat.TEMP_SUFFIX)) {
          Files.deleteIfExists(file);
          deleted++;
        } else if (name.endsWith(EntryFormat.ENTRY_SUFFIX)) {
          CacheEntry entry = readEntry(file, attrs.size());
          if (entry != null
              && EntryFormat.entryName(entry.key()).equals(name)
              && layout.matches(entry)) {
            valid.add(new Found(entry, attrs.lastModifiedTime().toMillis()));
          } else {
            Files.deleteIfExists(file);
            deleted++;
          }
        }
      }
    } catch (IOException e) {
      throw new IOException("cannot scan cache directory " + dir + ": " + e.getMessage(), e);
    }
    valid.sort(
        Comparator.comparingLong(Found::modifiedMillis)
            .thenComparing(f -> f.entry().file().getFileName().toString()));
    for (Found f : valid) {
      index.addRecovered(f.entry());
    }
    index.trimToCapacity();
    return new Result(valid.size(), deleted);
  }

  private record Found(CacheEntry entry, long modifiedMillis) {}

  private static CacheEntry readEntry(Path file, long size) throws IOException {
    if (size < EntryFormat.FOOTER_BYTES) {
      return null;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer footer =
          readAt(channel, size - EntryFormat.FOOTER_BYTES, EntryFormat.FOOTER_BYTES);
      return EntryFormat.decode(file, size, footer, (pos, len) -> readAt(channel, pos, len));
    }
  }

  /**
   * Reads {@code length} bytes at {@code position}, or returns an empty buffer if the file is
   * short.
   */
  private static ByteBuffer readAt(FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      if (channel.read(buf, position + buf.position()) < 0) {
        return ByteBuffer.allocate(0);
      }
    }
    return buf.flip();
  }
}
