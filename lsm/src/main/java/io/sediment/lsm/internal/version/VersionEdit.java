package io.sediment.lsm.internal.version;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A change to the set of live files: files removed (by level and number) and files added, plus the
 * counters that move with it (next file number, last sequence number, and the oldest write-ahead
 * log still needed). Applying an edit to a {@link Version} yields the next version.
 *
 * <p>Built once, then read-only. Not thread-safe while being built.
 */
public final class VersionEdit {

  /** A file removed from a level. */
  public record DeletedFile(int level, long fileNumber) {}

  private final List<DeletedFile> deleted = new ArrayList<>();
  private final List<FileMetadata> added = new ArrayList<>();
  private OptionalLong nextFileNumber = OptionalLong.empty();
  private OptionalLong lastSequence = OptionalLong.empty();
  private OptionalLong logNumber = OptionalLong.empty();
  private final List<Long> releasedOutputs = new ArrayList<>();

  /** Removes file {@code fileNumber} from {@code level}. */
  public VersionEdit deleteFile(int level, long fileNumber) {
    deleted.add(new DeletedFile(level, fileNumber));
    return this;
  }

  /** Adds a file at its {@link FileMetadata#level()}. */
  public VersionEdit addFile(FileMetadata file) {
    added.add(Objects.requireNonNull(file, "file"));
    return this;
  }

  /** Records the next unused file number. */
  public VersionEdit setNextFileNumber(long next) {
    nextFileNumber = OptionalLong.of(next);
    return this;
  }

  /** Records the highest sequence number whose write is reflected by the store. */
  public VersionEdit setLastSequence(long sequence) {
    lastSequence = OptionalLong.of(sequence);
    return this;
  }

  /**
   * Records the number of the oldest write-ahead log whose writes are not all in SSTs yet: recovery
   * replays logs numbered at or above it.
   */
  public VersionEdit setLogNumber(long number) {
    logNumber = OptionalLong.of(number);
    return this;
  }

  /**
   * Gives up pending output number {@code number} in the same publish that applies this edit: the
   * number of a remote compaction's output directory whose files this edit installs (see {@link
   * VersionSet#newOutputNumber()}). The published state no longer lists it as pending.
   */
  public VersionEdit releaseOutput(long number) {
    releasedOutputs.add(number);
    return this;
  }

  /** Pending numbers this edit gives up, in the order given. */
  public List<Long> releasedOutputs() {
    return Collections.unmodifiableList(releasedOutputs);
  }

  public List<DeletedFile> deletedFiles() {
    return Collections.unmodifiableList(deleted);
  }

  public List<FileMetadata> addedFiles() {
    return Collections.unmodifiableList(added);
  }

  public OptionalLong nextFileNumber() {
    return nextFileNumber;
  }

  public OptionalLong lastSequence() {
    return lastSequence;
  }

  public OptionalLong logNumber() {
    return logNumber;
  }

  @Override
  public String toString() {
    return "VersionEdit[deleted=" + deleted + ", added=" + added + "]";
  }
}
