package io.sediment.lsm.internal.manifest;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.internal.keygroup.KeyGroupDeclaration;
import io.sediment.lsm.internal.version.StatePublisher;
import io.sediment.lsm.internal.version.VersionState;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes and recovers manifests in a store directory.
 *
 * <p>Publishing writes a complete new file {@code MANIFEST-<20-digit number>} by create-if-absent,
 * with the next number; it never overwrites or renames, so it works the same on a local disk, HDFS
 * and object stores. If the name is taken (a torn file left by a crash, or a concurrent writer) the
 * next number is tried. After a successful publish, manifests older than the previous one are
 * deleted: the previous stays as the fallback for a torn newest file. The directory is listed once,
 * at the first publish, to find the manifests already there; after that the store knows every name
 * it has published or skipped, so a publish (one per flush) lists nothing. Deleting an old manifest
 * is best effort: a failure leaves the file for the next publish to retry and does not undo the
 * publish that has already happened.
 *
 * <p>Recovery lists the directory for manifest names, probes past the highest listed number (for
 * stores that list lazily), and takes the newest <em>complete</em> manifest: a torn one (shorter
 * than declared) was never in force and is skipped; a complete one that fails its checksum is
 * corruption and is reported, never skipped, since skipping it would silently drop committed work.
 *
 * <p>Not thread-safe: the version set serializes publishes.
 */
public final class ManifestStore implements StatePublisher {

  private static final Logger LOG = LoggerFactory.getLogger(ManifestStore.class);

  static final String PREFIX = "MANIFEST-";
  private static final Pattern NAME = Pattern.compile("MANIFEST-(\\d{20})");

  private final FileSystemView view;
  private final String mergeFunctionName;
  private final byte[] compressionCodes;
  private final KeyGroupDeclaration keyGroups;
  private long lastNumber;
  private TreeSet<Long> mayExist; // manifests that may still exist; null until the first publish

  /**
   * @param lastNumber number of the newest manifest seen at recovery (0 for a new store)
   */
  public ManifestStore(
      FileSystemView view, String mergeFunctionName, byte[] compressionCodes, long lastNumber) {
    this(view, mergeFunctionName, compressionCodes, null, lastNumber);
  }

  /**
   * @param keyGroups the key groups the store declares, recorded in every manifest (null: none)
   * @param lastNumber number of the newest manifest seen at recovery (0 for a new store)
   */
  public ManifestStore(
      FileSystemView view,
      String mergeFunctionName,
      byte[] compressionCodes,
      KeyGroupDeclaration keyGroups,
      long lastNumber) {
    this.view = view;
    this.mergeFunctionName = mergeFunctionName;
    this.compressionCodes = compressionCodes.clone();
    this.keyGroups = keyGroups;
    this.lastNumber = lastNumber;
  }

  /** File name of manifest {@code number}. */
  public static String fileName(long number) {
    return PREFIX + String.format("%020d", number);
  }

  /** Whether {@code name} is the name of a manifest file. */
  public static boolean isManifestName(String name) {
    return NAME.matcher(name).matches();
  }

  /** Number of the newest manifest this store has published or recovered. */
  public long lastNumber() {
    return lastNumber;
  }

  @Override
  public void publish(VersionState state) throws IOException {
    long number = lastNumber + 1;
    List<Long> skipped = new ArrayList<>();
    for (int attempt = 0; ; attempt++) {
      ManifestContents m =
          new ManifestContents(
              number,
              mergeFunctionName,
              compressionCodes,
              state.nextFileNumber(),
              state.lastSequence(),
              state.logNumber(),
              state.version().allFiles(),
              state.pendingOutputs(),
              keyGroups);
      Path path = view.resolve(fileName(number));
      try {
        view.writeAll(path, ManifestCodec.encode(m));
        break;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw new IOException("cannot publish a manifest in " + view.root() + ": " + e, e);
        }
        skipped.add(number);
        number++;
      }
    }
    long previous = lastNumber;
    lastNumber = number;
    if (mayExist == null) {
      mayExist = listingAfterPublish();
    }
    mayExist.addAll(skipped);
    mayExist.add(number);
    deleteOlderThan(previous);
  }

  private TreeSet<Long> listingAfterPublish() {
    try {
      return listNumbers(view);
    } catch (IOException e) {
      // Old manifests stay behind until a later store lists them; the publish itself succeeded.
      return new TreeSet<>();
    }
  }

  /**
   * Deletes manifests older than {@code keep}: cleanup after a publish that is already in force, so
   * a failure must not fail the publish (its caller would take the new state for lost). What is
   * left is garbage recovery never reads, deleted by a later publish.
   */
  private void deleteOlderThan(long keep) {
    if (keep <= 1) {
      return;
    }
    Iterator<Long> older = mayExist.headSet(keep).iterator();
    while (older.hasNext()) {
      long n = older.next();
      try {
        view.delete(view.resolve(fileName(n)));
        older.remove();
      } catch (IOException e) {
        // Kept for the next publish to retry: an old manifest is never read while a newer exists.
      }
    }
  }

  private static TreeSet<Long> listNumbers(FileSystemView view) throws IOException {
    TreeSet<Long> numbers = new TreeSet<>();
    for (FileStatus s : view.list(view.root())) {
      Matcher m = NAME.matcher(s.getPath().getName());
      if (m.matches()) {
        numbers.add(Long.parseLong(m.group(1)));
      }
    }
    return numbers;
  }

  /** What recovery found. */
  public record Recovered(ManifestContents contents, long newestNumberSeen) {}

  /**
   * Finds the newest complete manifest in the view's directory.
   *
   * @return empty when there is none (a new store, or one whose only manifests are torn)
   * @throws io.sediment.lsm.CorruptionException naming the file for a complete manifest that fails
   *     a check
   * @throws IOException naming the file on read failures
   */
  public static Optional<Recovered> recover(FileSystemView view) throws IOException {
    TreeSet<Long> numbers = listNumbers(view);
    long probe = numbers.isEmpty() ? 1 : numbers.last() + 1;
    while (view.exists(view.resolve(fileName(probe)))) {
      numbers.add(probe++);
    }
    if (numbers.isEmpty()) {
      return Optional.empty();
    }
    long newest = numbers.last();
    for (long n : numbers.descendingSet()) {
      Path path = view.resolve(fileName(n));
      byte[] data;
      try {
        data = view.readAll(path);
      } catch (FileNotFoundException e) {
        continue; // deleted by a concurrent cleanup after the listing
      }
      try {
        ManifestContents m = ManifestCodec.decode(data, path.toString());
        if (m.manifestNumber() != n) {
          throw new CorruptionException(
              path.toString(), 16, "manifest records number " + m.manifestNumber());
        }
        return Optional.of(new Recovered(m, newest));
      } catch (ManifestCodec.TornManifestException e) {
        // Never in force: fall back to the previous manifest.
        LOG.warn("skipping torn (never published) manifest {}: {}", path, e.getMessage());
      }
    }
    return Optional.empty();
  }
}
