package io.sediment.snapshot;

import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.StoreFile;
import io.sediment.lsm.spi.StoreManifest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One checkpoint of a store: the files of one version of it, by their physical paths, with what the
 * engine knows about each (level, key range, size, counts, sequence range), the highest sequence
 * number they contain, the merge-function name and the compression per level. It is a list of
 * names, not a copy: restoring from it links the files.
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

  /** A handle that names no checkpoint storage (as decoded from format version 1). */
  CheckpointHandle(
      long id,
      long sequence,
      String mergeFunctionName,
      byte[] compressionCodes,
      List<StoreFile> files) {
    this(id, sequence, null, mergeFunctionName, compressionCodes, files);
  }

  /**
   * @param storageUri URI of the checkpoint storage holding the checkpoint, or null if unknown
   * @throws IllegalArgumentException for a negative id or sequence, an empty storage URI, a file
   *     without a physical path, two files with one number or physical path, or files that do not
   *     form a valid version
   */
  CheckpointHandle(
      long id,
      long sequence,
      String storageUri,
      String mergeFunctionName,
      byte[] compressionCodes,
      List<StoreFile> files) {
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
    java.util.Set<String> paths = new java.util.HashSet<>();
    for (StoreFile f : files) {
      if (f.physicalPath().isEmpty()) {
        throw new IllegalArgumentException("file " + f.logicalName() + " has no physical path");
      }
      if (!paths.add(f.physicalPath())) {
        throw new IllegalArgumentException("file " + f.physicalPath() + " is listed twice");
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

  /** Total size of the checkpoint's files in bytes. */
  public long stateSizeBytes() {
    long sum = 0;
    for (StoreFile f : files) {
      sum += f.sizeBytes();
    }
    return sum;
  }

  /** Number of files the checkpoint references. */
  public int fileCount() {
    return files.size();
  }

  /** Physical paths (qualified URIs) of the checkpoint's files, in level order. */
  public List<String> physicalPaths() {
    List<String> paths = new ArrayList<>(files.size());
    for (StoreFile f : files) {
      paths.add(f.physicalPath());
    }
    return paths;
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
        && files.equals(h.files);
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
        + " bytes]";
  }
}
