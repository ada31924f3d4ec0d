package io.sediment.snapshot;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.keygroups.KeyGroups;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.spi.StoreManifest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One checkpoint of a store: the files of one version of it, by their physical paths, with what the
 * engine knows about each (level, key range, size, counts, sequence range, clip), the highest
 * sequence number they contain, the merge-function name, the compression per level and the key
 * groups the store declared. It is a list of names, not a copy: restoring from it links the files.
 *
 * <p>A checkpoint of a rescaled store may list one physical file several times, under different
 * numbers, each a clipped reference reading only its part of the file ({@link StoreFile#clipped()},
 * docs/rescale.md); {@link #physicalPaths()} names each physical file once.
 *
 * <p>A value: immutable, equal by content. {@link #toBytes()} gives the self-checking encoding of
 * {@code docs/format/checkpoint.md} (the same bytes {@link CheckpointStorage} writes as the
 * checkpoint's metadata file); {@link #fromBytes} refuses any damaged encoding with a {@link
 * CorruptionException}.
 */
public final class CheckpointHandle {

  private final long id;
  private final long sequence;
  private final String storageUri;
  private final String mergeFunctionName;
  private final byte[] compressionCodes;
  private final List<StoreFile> files;
  private final KeyGroupRange keyGroupRange;
  private final int maxParallelism;

  /** A handle that names no checkpoint storage (as decoded from format version 1). */
  CheckpointHandle(
      long id,
      long sequence,
      String mergeFunctionName,
      byte[] compressionCodes,
      List<StoreFile> files) {
    this(id, sequence, null, mergeFunctionName, compressionCodes, files);
  }

  /** A handle of a store that declared no key groups (as decoded from format version 2). */
  CheckpointHandle(
      long id,
      long sequence,
      String storageUri,
      String mergeFunctionName,
      byte[] compressionCodes,
      List<StoreFile> files) {
    this(id, sequence, storageUri, mergeFunctionName, compressionCodes, files, null, 0);
  }

  /**
   * @param storageUri URI of the checkpoint storage holding the checkpoint, or null if unknown
   * @param keyGroupRange the key groups the store declared, or null if none
   * @param maxParallelism the maxParallelism of that declaration; 0 without one
   * @throws IllegalArgumentException for a negative id or sequence, an empty storage URI, a file
   *     without a physical path, two files with one number or logical name, files that do not form
   *     a valid version, or a key-group declaration that is not valid (an empty range, one past key
   *     group {@code maxParallelism - 1}, a maxParallelism outside {@code [1, 32768]}, or one other
   *     than 0 without a range)
   */
  CheckpointHandle(
      long id,
      long sequence,
      String storageUri,
      String mergeFunctionName,
      byte[] compressionCodes,
      List<StoreFile> files,
      KeyGroupRange keyGroupRange,
      int maxParallelism) {
    if (id < 0) {
      throw new IllegalArgumentException("checkpoint id must not be negative: " + id);
    }
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence number must not be negative: " + sequence);
    }
    if (storageUri != null && storageUri.isEmpty()) {
      throw new IllegalArgumentException("storage URI must not be empty (null: none)");
    }
    if (compressionCodes.length != StoreFile.NUM_LEVELS) {
      throw new IllegalArgumentException(
          "need one compression code per level, got " + compressionCodes.length);
    }
    checkKeyGroups(keyGroupRange, maxParallelism);
    Set<String> names = new HashSet<>();
    for (StoreFile f : files) {
      if (f.physicalPath().isEmpty()) {
        throw new IllegalArgumentException("file " + f.logicalName() + " has no physical path");
      }
      if (!names.add(f.logicalName())) {
        throw new IllegalArgumentException("logical name " + f.logicalName() + " is listed twice");
      }
      if (f.largestSequence() > sequence) {
        throw new IllegalArgumentException(
            "file "
                + f.physicalPath()
                + " holds sequence "
                + f.largestSequence()
                + " > "
                + sequence);
      }
    }
    StoreManifest.checkLevels(files); // numbers are unique and levels do not overlap
    this.id = id;
    this.sequence = sequence;
    this.storageUri = storageUri;
    this.mergeFunctionName = mergeFunctionName;
    this.compressionCodes = compressionCodes.clone();
    this.files = Collections.unmodifiableList(new ArrayList<>(files));
    this.keyGroupRange = keyGroupRange;
    this.maxParallelism = maxParallelism;
  }

  private static void checkKeyGroups(KeyGroupRange range, int maxParallelism) {
    if (range == null) {
      if (maxParallelism != 0) {
        throw new IllegalArgumentException(
            "maxParallelism " + maxParallelism + " without a key-group range (0: none)");
      }
      return;
    }
    if (range.isEmpty()) {
      throw new IllegalArgumentException("key-group range must not be empty: " + range);
    }
    KeyGroups.checkMaxParallelism(maxParallelism);
    if (range.end() >= maxParallelism) {
      throw new IllegalArgumentException(
          range + " reaches past the last key group of maxParallelism " + maxParallelism);
    }
  }

  /** The checkpoint id the caller chose. */
  public long id() {
    return id;
  }

  /** Highest sequence number of any entry the checkpoint holds (0 for an empty store). */
  public long sequence() {
    return sequence;
  }

  /**
   * URI of the {@link CheckpointStorage} root that holds this checkpoint, as the storage was opened
   * (wrapper schemes kept); null for a handle encoded by format version 1. A {@link Restore} of a
   * handle that names its storage takes a lease there, so the storage keeps the files while the
   * restored store needs them, in any process.
   */
  public String storageUri() {
    return storageUri;
  }

  /** Name of the merge function the store was written with; null if none. */
  public String mergeFunctionName() {
    return mergeFunctionName;
  }

  /**
   * The key groups the store declared when the checkpoint was taken ({@code
   * DbOptions.Builder#keyGroups}); null if it declared none (and for metadata of format versions 1
   * and 2). A rescale ({@link Restore#open(List, KeyGroupRange, io.sediment.lsm.DbOptions)}) needs
   * it.
   */
  public KeyGroupRange keyGroupRange() {
    return keyGroupRange;
  }

  /** The maxParallelism of the store's key-group declaration; 0 when it declared none. */
  public int maxParallelism() {
    return maxParallelism;
  }

  /**
   * Total size of the checkpoint's physical files in bytes, each counted once (a file listed twice
   * by clipped references is one file).
   */
  public long stateSizeBytes() {
    long sum = 0;
    Set<String> seen = new HashSet<>();
    for (StoreFile f : files) {
      if (seen.add(f.physicalPath())) {
        sum += f.sizeBytes();
      }
    }
    return sum;
  }

  /** Number of file references the checkpoint lists (a file listed twice counts twice). */
  public int fileCount() {
    return files.size();
  }

  /**
   * Physical paths (qualified URIs) of the checkpoint's files, in level order, each once (the first
   * time a reference lists it).
   */
  public List<String> physicalPaths() {
    Set<String> paths = new LinkedHashSet<>();
    for (StoreFile f : files) {
      paths.add(f.physicalPath());
    }
    return new ArrayList<>(paths);
  }

  /** The files with their metadata; each physical path is set. */
  List<StoreFile> files() {
    return files;
  }

  byte[] compressionCodes() {
    return compressionCodes.clone();
  }

  /** The self-checking encoding (see {@code docs/format/checkpoint.md}). */
  public byte[] toBytes() {
    return CheckpointCodec.encode(this);
  }

  /**
   * Decodes {@link #toBytes()}.
   *
   * @throws IllegalArgumentException if bytes is null
   * @throws CorruptionException naming the offset if the bytes are damaged or not checkpoint
   *     metadata
   */
  public static CheckpointHandle fromBytes(byte[] bytes) throws CorruptionException {
    if (bytes == null) {
      throw new IllegalArgumentException("bytes must not be null");
    }
    return CheckpointCodec.decode(bytes, "<checkpoint handle bytes>");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CheckpointHandle h
        && id == h.id
        && sequence == h.sequence
        && Objects.equals(storageUri, h.storageUri)
        && Objects.equals(mergeFunctionName, h.mergeFunctionName)
        && Arrays.equals(compressionCodes, h.compressionCodes)
        && files.equals(h.files)
        && Objects.equals(keyGroupRange, h.keyGroupRange)
        && maxParallelism == h.maxParallelism;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id) * 31 + files.size();
  }

  @Override
  public String toString() {
    return "Checkpoint#"
        + id
        + "[seq "
        + sequence
        + ", "
        + files.size()
        + " files, "
        + stateSizeBytes()
        + " bytes"
        + (keyGroupRange == null
            ? ""
            : ", key groups ["
                + keyGroupRange.start()
                + ", "
                + keyGroupRange.end()
                + "] of "
                + maxParallelism)
        + "]";
  }
}
