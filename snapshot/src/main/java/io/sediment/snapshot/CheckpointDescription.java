package io.sediment.snapshot;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.Compression;
import io.sediment.lsm.StoreFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one checkpoint's metadata records ({@code chk-<id>} under a checkpoint root, or the
 * bytes of {@link CheckpointHandle#toBytes()}), for inspection: the header fields, the options a
 * restore keeps, the store's key-group declaration, and every file with its level, key and sequence
 * ranges, size, counts and clip. Obtained from {@link CheckpointInspector#describe} or {@link
 * CheckpointInspector#checkpoint}, which decode with the same code as {@link
 * CheckpointHandle#fromBytes}, so a description exists only for metadata a restore would accept.
 *
 * <p>An immutable value, equal by content.
 *
 * @param source where the metadata was read from (a path, or a label for bytes in memory)
 * @param formatVersion the metadata's format version ({@code docs/format/checkpoint.md})
 * @param encodedBytes the size of the encoding in bytes
 * @param id the checkpoint id
 * @param sequence the store's last visible sequence number when the checkpoint was taken
 * @param storageUri the URI of the checkpoint storage the checkpoint was taken in; null for format
 *     version 1, which does not record it
 * @param mergeFunctionName the name of the store's merge function; null if it had none
 * @param compressionCodes the compression code of each level, from level 0, as recorded (one byte
 *     each, 0..255, as {@link Compression#code()}); see {@link #compression(int)}
 * @param files the files, in level order
 * @param keyGroupRange the key groups the store declared; null if none (and for format versions 1
 *     and 2, which do not record it)
 * @param maxParallelism the maxParallelism of that declaration; 0 without one
 */
public record CheckpointDescription(
    String source,
    int formatVersion,
    int encodedBytes,
    long id,
    long sequence,
    String storageUri,
    String mergeFunctionName,
    List<Integer> compressionCodes,
    List<CheckpointFile> files,
    KeyGroupRange keyGroupRange,
    int maxParallelism) {

  /** A description of a store without key groups. */
  public CheckpointDescription(
      String source,
      int formatVersion,
      int encodedBytes,
      long id,
      long sequence,
      String storageUri,
      String mergeFunctionName,
      List<Integer> compressionCodes,
      List<CheckpointFile> files) {
    this(
        source,
        formatVersion,
        encodedBytes,
        id,
        sequence,
        storageUri,
        mergeFunctionName,
        compressionCodes,
        files,
        null,
        0);
  }

  /**
   * @throws IllegalArgumentException if source, compressionCodes or files is null or holds null, a
   *     number is negative, or maxParallelism is not 0 without a key-group range
   */
  public CheckpointDescription {
    if (source == null || compressionCodes == null || files == null) {
      throw new IllegalArgumentException("source, compression codes and files must not be null");
    }
    if (formatVersion < 0 || encodedBytes < 0 || id < 0 || sequence < 0) {
      throw new IllegalArgumentException(
          "format version, size, id and sequence must not be negative: "
              + formatVersion
              + ", "
              + encodedBytes
              + ", "
              + id
              + ", "
              + sequence);
    }
    if (maxParallelism < 0 || (keyGroupRange == null && maxParallelism != 0)) {
      throw new IllegalArgumentException(
          "maxParallelism must be 0 without key groups, positive with: "
              + maxParallelism
              + ", "
              + keyGroupRange);
    }
    try {
      compressionCodes = List.copyOf(compressionCodes);
      files = List.copyOf(files);
    } catch (NullPointerException e) {
      throw new IllegalArgumentException("compression codes and files must not hold null", e);
    }
  }

  /** The description of decoded metadata {@code h}. */
  static CheckpointDescription of(
      CheckpointHandle h, String source, int formatVersion, int encodedBytes) {
    List<Integer> codes = new ArrayList<>();
    for (byte code : h.compressionCodes()) {
      codes.add(code & 0xFF);
    }
    List<CheckpointFile> files = new ArrayList<>(h.fileCount());
    for (StoreFile f : h.files()) {
      files.add(CheckpointFile.of(f));
    }
    return new CheckpointDescription(
        source,
        formatVersion,
        encodedBytes,
        h.id(),
        h.sequence(),
        h.storageUri(),
        h.mergeFunctionName(),
        codes,
        files,
        h.keyGroupRange(),
        h.maxParallelism());
  }

  /** Number of files the checkpoint references. */
  public int fileCount() {
    return files.size();
  }

  /**
   * Total size of the checkpoint's physical files in bytes, each counted once (as {@link
   * CheckpointHandle#stateSizeBytes}).
   */
  public long stateSizeBytes() {
    long sum = 0;
    Set<String> seen = new HashSet<>();
    for (CheckpointFile f : files) {
      if (seen.add(f.physicalPath())) {
        sum += f.sizeBytes();
      }
    }
    return sum;
  }

  /**
   * The compression recorded for {@code level}; empty for a code this version does not know.
   *
   * @throws IllegalArgumentException naming the level if it is not one the metadata records
   */
  public Optional<Compression> compression(int level) {
    if (level < 0 || level >= compressionCodes.size()) {
      throw new IllegalArgumentException(
          "level " + level + " out of range 0.." + (compressionCodes.size() - 1));
    }
    try {
      return Optional.of(Compression.fromCode(compressionCodes.get(level)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The files at {@code level}, in the order the metadata lists them. */
  public List<CheckpointFile> filesAtLevel(int level) {
    return files.stream().filter(f -> f.level() == level).toList();
  }
}
