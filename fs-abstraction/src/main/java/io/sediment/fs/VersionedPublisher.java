package io.sediment.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes small metadata (manifest pointers, checkpoint metadata) atomically, without rename and
 * without overwrite: version {@code v} of {@code base} is the write-once file {@code
 * <dir>/<base>-<v as 20 zero-padded digits>}, created if absent.
 *
 * <p><b>Atomicity.</b> {@link #publish} creates the file with create-if-absent, so of any number of
 * writers racing for one version exactly one wins (true) and every other one learns that it lost
 * (false). Each file is framed (magic, version, length, CRC32C of the content; see {@code
 * MetadataFrame}), so a file that a crashed writer left torn is recognised and never returned as
 * content.
 *
 * <p><b>Finding the newest without trusting a listing.</b> Object stores may list stale, so {@link
 * #latest()} starts from a pointer: the highest version this instance has published or read, or a
 * best-effort hint file {@code <dir>/<base>.hint} (itself framed) that {@link #publish} rewrites
 * after each success. From there it probes upward by existence checks ({@code v+1}, {@code v+2},
 * ...) until a version is missing, then reads downward from the top, skipping torn files, until it
 * finds a complete one. Only when there is no pointer at all (a fresh process and no hint), or when
 * the downward walk meets a missing version, does it fall back to listing the directory. A stale,
 * lost or damaged hint therefore costs extra probes, never a wrong answer.
 *
 * <p>The probe follows consecutive versions, which is how the store publishes (manifest {@code n+1}
 * after {@code n}). A caller that skips versions still finds the newest as long as the hint (or
 * this instance's memory) points at or past the last gap.
 *
 * <p>Thread-safe. Errors: {@link IllegalArgumentException} for a negative version or null content;
 * {@link IOException} naming the file for I/O failures; {@link TornFileException} from {@link
 * #read} for an incomplete file; {@link DamagedFileException} from {@link #read} and {@link
 * #latest()} for a damaged one.
 */
public final class VersionedPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(VersionedPublisher.class);

  /** One complete published version. */
  public record Published(long version, byte[] content) {}

  private static final String HINT_SUFFIX = ".hint";

  private final FileSystemView fs;
  private final Path dir;
  private final String baseName;
  private final AtomicLong knownLatest = new AtomicLong(-1);

  /**
   * Publishes {@code <dir>/<baseName>-<version>} files.
   *
   * @throws IllegalArgumentException if fs or dir is null, or baseName is not a valid file name
   */
  public VersionedPublisher(FileSystemView fs, Path dir, String baseName) {
    if (fs == null || dir == null) {
      throw new IllegalArgumentException("file system and directory must not be null: " + dir);
    }
    FileSystemView.checkName(baseName);
    this.fs = fs;
    this.dir = dir;
    this.baseName = baseName;
  }

  /** The path of version {@code version}. */
  public Path pathOf(long version) {
    checkVersion(version);
    return FileSystemView.resolve(dir, baseName + "-" + String.format("%020d", version));
  }

  /** The path of the hint file. */
  public Path hintPath() {
    return FileSystemView.resolve(dir, baseName + HINT_SUFFIX);
  }

  /**
   * Publishes {@code content} as version {@code version}, durably (synced) before returning true.
   *
   * @return true if this call created the version, false if it already existed
   * @throws IllegalArgumentException for a negative version or null content
   * @throws IOException naming the file if it cannot be written. The outcome is then unknown, as
   *     with any failed remote call: a partial file may remain (recognised as torn and skipped), or
   *     the version may be complete after all (a sync failed but the close made it durable). Call
   *     {@link #read} to find out before publishing that version again.
   */
  public boolean publish(long version, byte[] content) throws IOException {
    checkVersion(version);
    if (content == null) {
      throw new IllegalArgumentException("content of version " + version + " must not be null");
    }
    Path path = pathOf(version);
    WritableFile out;
    try {
      out = fs.create(path);
    } catch (FileAlreadyExistsException e) {
      return false;
    }
    try (out) {
      byte[] frame = MetadataFrame.encode(version, content);
      out.write(frame, 0, frame.length);
      out.sync();
    } catch (FileAlreadyExistsException e) {
      // An object store's conditional upload lost at close: another writer published it.
      return false;
    }
    knownLatest.accumulateAndGet(version, Math::max);
    writeHint(version);
    return true;
  }

  /**
   * Rewrites the hint. Best effort by design: a failure, or a racing publisher taking the name in
   * between, leaves an older or no hint, which only makes the next fresh {@link #latest()} probe
   * further or list.
   */
  private void writeHint(long version) {
    Path hint = hintPath();
    try {
      fs.delete(hint);
      fs.writeAll(hint, MetadataFrame.encode(version, new byte[0]));
    } catch (IOException e) {
      // See above: the hint is an optimisation only.
    }
  }

  private long readHint() {
    Path hint = hintPath();
    try {
      byte[] raw = fs.readAll(hint);
      if (raw.length < MetadataFrame.HEADER_BYTES) {
        return -1;
      }
      long version = java.nio.ByteBuffer.wrap(raw).getLong(4);
      MetadataFrame.decode(hint, version, raw);
      return version;
    } catch (IOException e) {
      // Missing, torn or unreadable: no hint.
      return -1;
    }
  }

  /**
   * The newest complete version, skipping torn ones; empty if none exists.
   *
   * @throws DamagedFileException naming the file and offset if the newest version that is not torn
   *     is damaged (falling back to an older one could undo committed work)
   * @throws IOException naming the file or directory on an I/O failure
   */
  public Optional<Published> latest() throws IOException {
    long start = Math.max(knownLatest.get(), readHint());
    long top;
    if (start < 0) {
      List<Long> listed = listVersions();
      if (listed.isEmpty()) {
        return Optional.empty();
      }
      top = listed.get(listed.size() - 1);
    } else {
      top = start;
      while (top < Long.MAX_VALUE && fs.exists(pathOf(top + 1))) {
        top++;
      }
    }
    for (long v = top; v >= 0; v--) {
      byte[] raw;
      try {
        raw = fs.readAll(pathOf(v));
      } catch (FileNotFoundException e) {
        return newestCompleteListed(v - 1);
      }
      Optional<Published> found = decodeOrSkip(v, raw);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private Optional<Published> newestCompleteListed(long atMost) throws IOException {
    List<Long> listed = listVersions();
    Collections.reverse(listed);
    for (long v : listed) {
      if (v > atMost) {
        continue;
      }
      byte[] raw;
      try {
        raw = fs.readAll(pathOf(v));
      } catch (FileNotFoundException e) {
        continue; // deleted since the listing
      }
      Optional<Published> found = decodeOrSkip(v, raw);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private Optional<Published> decodeOrSkip(long version, byte[] raw) throws DamagedFileException {
    try {
      byte[] content = MetadataFrame.decode(pathOf(version), version, raw);
      knownLatest.accumulateAndGet(version, Math::max);
      return Optional.of(new Published(version, content));
    } catch (TornFileException e) {
      LOG.warn("skipping torn (never published) file: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The content of version {@code version}; empty if it does not exist.
   *
   * @throws IllegalArgumentException for a negative version
   * @throws TornFileException naming the file and offset if the file is incomplete
   * @throws DamagedFileException naming the file and offset if the file is damaged
   * @throws IOException naming the file on an I/O failure
   */
  public Optional<byte[]> read(long version) throws IOException {
    Path path = pathOf(version);
    byte[] raw;
    try {
      raw = fs.readAll(path);
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
    return Optional.of(MetadataFrame.decode(path, version, raw));
  }

  /**
   * Versions present in the directory listing, ascending (complete or not). Used for cleanup and as
   * the fallback of {@link #latest()}; as a listing it may lag on object stores.
   */
  public List<Long> listVersions() throws IOException {
    List<Long> versions = new ArrayList<>();
    String prefix = baseName + "-";
    for (FileStatus status : fs.list(dir)) {
      String name = status.getPath().getName();
      if (name.length() == prefix.length() + 20 && name.startsWith(prefix)) {
        String digits = name.substring(prefix.length());
        if (digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
          try {
            versions.add(Long.parseLong(digits));
          } catch (NumberFormatException e) {
            // Twenty digits past Long.MAX_VALUE: not a name this class writes.
          }
        }
      }
    }
    Collections.sort(versions);
    return versions;
  }

  /**
   * Deletes every listed version older than {@code version} (garbage collection, so a listing is
   * good enough: a file it misses is removed by a later call).
   *
   * @throws IllegalArgumentException for a negative version
   * @throws IOException naming the file that could not be deleted
   */
  public void deleteOlderThan(long version) throws IOException {
    checkVersion(version);
    for (long v : listVersions()) {
      if (v < version) {
        fs.delete(pathOf(v));
      }
    }
  }

  private static void checkVersion(long version) {
    if (version < 0) {
      throw new IllegalArgumentException("version must be >= 0: " + version);
    }
  }

  @Override
  public String toString() {
    return "VersionedPublisher[" + dir + "/" + baseName + "]";
  }
}
