package io.sediment.lsm.internal.manifest;

import io.sediment.lsm.internal.keygroup.KeyGroupDeclaration;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.Version;
import io.sediment.lsm.internal.version.VersionEdit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One manifest: a complete, self-describing snapshot of a store's durable state. Nothing in it
 * depends on an earlier manifest.
 *
 * @param manifestNumber the number in the file name {@code MANIFEST-<20 digits>}
 * @param mergeFunctionName name of the store's merge function, or null when it has none; reopening
 *     with another is refused
 * @param compressionCodes the compression code used for new files of each level (one per level)
 * @param nextFileNumber next unused file number
 * @param lastSequence highest sequence number reflected by the store
 * @param logNumber oldest write-ahead log still needed, 0 when none
 * @param files every live file with its level
 * @param pendingOutputs numbers below {@code nextFileNumber} of flush and compaction outputs that
 *     were being written when the manifest was published (see {@link
 *     io.sediment.lsm.internal.version.VersionState#pendingOutputs}); ascending
 * @param keyGroups the key groups the store declares, or null when it declares none; reopening with
 *     another declaration is refused
 */
public record ManifestContents(
    long manifestNumber,
    String mergeFunctionName,
    byte[] compressionCodes,
    long nextFileNumber,
    long lastSequence,
    long logNumber,
    List<FileMetadata> files,
    List<Long> pendingOutputs,
    KeyGroupDeclaration keyGroups) {

  /**
   * @throws IllegalArgumentException naming the bad value
   */
  public ManifestContents {
    if (manifestNumber <= 0) {
      throw new IllegalArgumentException("manifest number must be positive: " + manifestNumber);
    }
    Objects.requireNonNull(compressionCodes, "compressionCodes");
    if (compressionCodes.length != Version.NUM_LEVELS) {
      throw new IllegalArgumentException(
          "need one compression code per level, got " + compressionCodes.length);
    }
    compressionCodes = compressionCodes.clone();
    files = List.copyOf(files);
    pendingOutputs = List.copyOf(pendingOutputs);
    for (int i = 0; i < pendingOutputs.size(); i++) {
      long n = pendingOutputs.get(i);
      if (n <= 0 || n >= nextFileNumber || (i > 0 && pendingOutputs.get(i - 1) >= n)) {
        throw new IllegalArgumentException(
            "pending outputs must be ascending, positive and below the next file number "
                + nextFileNumber
                + ": "
                + pendingOutputs);
      }
    }
  }

  /** A manifest of a store that declares no key groups. */
  public ManifestContents(
      long manifestNumber,
      String mergeFunctionName,
      byte[] compressionCodes,
      long nextFileNumber,
      long lastSequence,
      long logNumber,
      List<FileMetadata> files,
      List<Long> pendingOutputs) {
    this(
        manifestNumber,
        mergeFunctionName,
        compressionCodes,
        nextFileNumber,
        lastSequence,
        logNumber,
        files,
        pendingOutputs,
        null);
  }

  /** A manifest with no pending outputs. */
  public ManifestContents(
      long manifestNumber,
      String mergeFunctionName,
      byte[] compressionCodes,
      long nextFileNumber,
      long lastSequence,
      long logNumber,
      List<FileMetadata> files) {
    this(
        manifestNumber,
        mergeFunctionName,
        compressionCodes,
        nextFileNumber,
        lastSequence,
        logNumber,
        files,
        List.of());
  }

  @Override
  public byte[] compressionCodes() {
    return compressionCodes.clone();
  }

  /** The live files as a version (not owned by any version set). */
  public Version version() {
    VersionEdit edit = new VersionEdit();
    files.forEach(edit::addFile);
    return Version.empty().apply(edit);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ManifestContents m
        && manifestNumber == m.manifestNumber
        && Objects.equals(mergeFunctionName, m.mergeFunctionName)
        && Arrays.equals(compressionCodes, m.compressionCodes)
        && nextFileNumber == m.nextFileNumber
        && lastSequence == m.lastSequence
        && logNumber == m.logNumber
        && files.equals(m.files)
        && pendingOutputs.equals(m.pendingOutputs)
        && Objects.equals(keyGroups, m.keyGroups);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(manifestNumber) * 31 + files.hashCode();
  }
}
