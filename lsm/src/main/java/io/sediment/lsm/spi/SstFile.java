package io.sediment.lsm.spi;

import io.sediment.fs.FileSystemView;
import io.sediment.fs.ReadableFile;
import io.sediment.lsm.Compression;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.internal.InternalIterator;
import io.sediment.lsm.internal.InternalKey;
import io.sediment.lsm.internal.RangeTombstone;
import io.sediment.lsm.internal.sst.SstProperties;
import io.sediment.lsm.internal.sst.SstReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.fs.Path;

/**
 * One SST opened read-only for inspection (dumps, offline verification): its properties, its range
 * deletions, its entries in internal-key order, and a full check of every block. Opening reads the
 * footer and the metadata blocks and checks them; nothing is ever written, and no cache is used.
 *
 * <p>Errors: data that fails a check is a {@link CorruptionException} naming the file and offset;
 * other read failures are {@link IOException}s naming the file. Not thread-safe; close it.
 */
public final class SstFile implements AutoCloseable {

  /**
   * What the file's properties block records.
   *
   * @param smallestInternalKey the internal key at or before every entry and range deletion
   * @param largestInternalKey the internal key at or after every entry and range deletion (a range
   *     deletion contributes its exclusive end at the maximum sequence number)
   * @param entryCount point entries (puts, deletions, merges)
   * @param deletionCount point deletions among them
   * @param mergeCount merge operands among them
   * @param rangeDeletionCount range deletions
   * @param smallestSequence smallest sequence number of any entry or range deletion
   * @param largestSequence largest sequence number of any entry or range deletion
   * @param rawKeyBytes sum of the internal-key lengths of the point entries
   * @param rawValueBytes sum of the value lengths of the point entries
   * @param dataBytes bytes of the data blocks as stored
   * @param indexBytes bytes of the index block as stored
   * @param filterBytes bytes of the bloom filter block as stored, 0 without one
   * @param fileSize the file's length in bytes
   * @param formatVersion the SST format version
   * @param compression the compression the writer used (a block may still be stored plain)
   * @param dataBlockCount number of data blocks
   */
  public record Properties(
      byte[] smallestInternalKey,
      byte[] largestInternalKey,
      long entryCount,
      long deletionCount,
      long mergeCount,
      long rangeDeletionCount,
      long smallestSequence,
      long largestSequence,
      long rawKeyBytes,
      long rawValueBytes,
      long dataBytes,
      long indexBytes,
      long filterBytes,
      long fileSize,
      int formatVersion,
      Compression compression,
      int dataBlockCount) {

    /** Copies the keys in. */
    public Properties {
      smallestInternalKey = smallestInternalKey.clone();
      largestInternalKey = largestInternalKey.clone();
    }

    /** A copy of the smallest bound. */
    @Override
    public byte[] smallestInternalKey() {
      return smallestInternalKey.clone();
    }

    /** A copy of the largest bound. */
    @Override
    public byte[] largestInternalKey() {
      return largestInternalKey.clone();
    }
  }

  /**
   * One point entry.
   *
   * @param userKey the key
   * @param sequence its sequence number
   * @param kind put, deletion or merge operand
   * @param value the value or operand; empty for a deletion
   */
  public record Entry(byte[] userKey, long sequence, EntryKind kind, byte[] value) {

    /** {@code 'key' @sequence KIND => 'value'}. */
    @Override
    public String toString() {
      return InternalKeys.display(userKey)
          + " @"
          + sequence
          + " "
          + kind
          + " => "
          + InternalKeys.display(value);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e
          && sequence == e.sequence
          && kind == e.kind
          && Arrays.equals(userKey, e.userKey)
          && Arrays.equals(value, e.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(userKey) * 31 + Long.hashCode(sequence);
    }
  }

  /**
   * One range deletion: every key in {@code [begin, end)} with a sequence number below {@code
   * sequence} is deleted.
   *
   * @param begin the first key deleted
   * @param end the first key after the range
   * @param sequence the deletion's sequence number
   */
  public record RangeDeletion(byte[] begin, byte[] end, long sequence) {

    /** {@code ['begin', 'end') @sequence}. */
    @Override
    public String toString() {
      return "["
          + InternalKeys.display(begin)
          + ", "
          + InternalKeys.display(end)
          + ") @"
          + sequence;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RangeDeletion r
          && sequence == r.sequence
          && Arrays.equals(begin, r.begin)
          && Arrays.equals(end, r.end);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(begin) * 31 + Long.hashCode(sequence);
    }
  }

  /**
   * The entries of the file in internal-key order, read lazily. An I/O failure or bad data met
   * while stepping surfaces as an {@link UncheckedIOException} whose cause is the {@link
   * IOException} (a {@link CorruptionException} for bad data). Close it.
   */
  public static final class Entries implements Iterator<Entry>, AutoCloseable {

    private final InternalIterator it;

    private Entries(InternalIterator it) {
      this.it = it;
      it.seekToFirst();
    }

    @Override
    public boolean hasNext() {
      return it.isValid();
    }

    /**
     * @throws NoSuchElementException past the last entry
     * @throws UncheckedIOException as the class comment says
     */
    @Override
    public Entry next() {
      if (!it.isValid()) {
        throw new NoSuchElementException("no entry after the last one");
      }
      byte[] key = it.keyArray();
      int off = it.keyOffset();
      int len = it.keyLength();
      Entry e =
          new Entry(
              InternalKey.userKey(key, off, len),
              InternalKey.sequence(key, off, len),
              EntryKind.fromCode(InternalKey.type(key, off, len).code()),
              Arrays.copyOfRange(
                  it.valueArray(), it.valueOffset(), it.valueOffset() + it.valueLength()));
      it.next();
      return e;
    }

    /** Releases the blocks it holds. Idempotent. */
    @Override
    public void close() {
      it.close();
    }
  }

  private final ReadableFile in;
  private final SstReader reader;

  private SstFile(ReadableFile in, SstReader reader) {
    this.in = in;
    this.reader = reader;
  }

  /**
   * Opens the SST at {@code path} through {@code view} (which stays open; it is only read).
   *
   * @throws IllegalArgumentException if view or path is null
   * @throws java.io.FileNotFoundException naming the path if there is no such file
   * @throws CorruptionException naming the file and offset if the footer or a metadata block fails
   *     a check
   * @throws IOException naming the file if it cannot be read
   */
  public static SstFile open(FileSystemView view, Path path) throws IOException {
    if (view == null || path == null) {
      throw new IllegalArgumentException("view and path must not be null: " + view + ", " + path);
    }
    ReadableFile in = view.openRead(path);
    try {
      return new SstFile(in, SstReader.open(in, fileNumber(path.getName()), null));
    } catch (IOException | RuntimeException e) {
      try {
        in.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The number in a name like {@code 000042.sst}, or 0 for other names. */
  private static long fileNumber(String name) {
    String stem = name.endsWith(".sst") ? name.substring(0, name.length() - 4) : name;
    if (stem.isEmpty() || stem.length() > 18 || !stem.chars().allMatch(Character::isDigit)) {
      return 0;
    }
    return Long.parseLong(stem);
  }

  /** The file's path. */
  public Path path() {
    return in.path();
  }

  /** The file's length in bytes. */
  public long size() {
    return in.size();
  }

  /** The properties block, with the number of data blocks. */
  public Properties properties() {
    SstProperties p = reader.properties();
    return new Properties(
        p.smallestKey(),
        p.largestKey(),
        p.entryCount(),
        p.deletionCount(),
        p.mergeCount(),
        p.rangeDeletionCount(),
        p.smallestSequence(),
        p.largestSequence(),
        p.rawKeyBytes(),
        p.rawValueBytes(),
        p.dataBytes(),
        p.indexBytes(),
        p.filterBytes(),
        p.fileSize(),
        p.formatVersion(),
        p.compression(),
        reader.dataBlockCount());
  }

  /** The range deletions, by start key. */
  public List<RangeDeletion> rangeDeletions() {
    List<RangeDeletion> out = new ArrayList<>();
    for (RangeTombstone t : reader.rangeTombstones()) {
      out.add(new RangeDeletion(t.begin().clone(), t.end().clone(), t.sequence()));
    }
    return out;
  }

  /** The point entries from the first, in internal-key order (newest first per key). */
  public Entries entries() {
    return new Entries(reader.newIterator(false));
  }

  /**
   * Reads every block from storage, checks its checksum and decodes every entry, checking the key
   * order.
   *
   * @throws CorruptionException naming the file and offset of the first failed check
   * @throws IOException naming the file if it cannot be read
   */
  public void verifyChecksums() throws IOException {
    reader.verifyChecksums();
  }

  /** Closes the reader and the file. Idempotent. */
  @Override
  public void close() throws IOException {
    reader.close();
    in.close();
  }
}
