package io.sediment.lsm.internal.db;

import io.sediment.fs.FileRegistry;
import io.sediment.fs.FileSystemView;
import io.sediment.fs.WritableFile;
import io.sediment.lsm.CorruptionException;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.WriteBatch;
import io.sediment.lsm.internal.Sizes;
import io.sediment.lsm.internal.batch.MemTableInserter;
import io.sediment.lsm.internal.keygroup.KeyGroupDeclaration;
import io.sediment.lsm.internal.manifest.ManifestContents;
import io.sediment.lsm.internal.manifest.ManifestStore;
import io.sediment.lsm.internal.memtable.MemTable;
import io.sediment.lsm.internal.version.FileMetadata;
import io.sediment.lsm.internal.version.FileReleaser;
import io.sediment.lsm.internal.version.Version;
import io.sediment.lsm.internal.version.VersionEdit;
import io.sediment.lsm.internal.version.VersionSet;
import io.sediment.lsm.internal.version.VersionState;
import io.sediment.lsm.internal.wal.LogReader;
import io.sediment.lsm.internal.wal.LogWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a store: locks its directory ({@link StoreLock}), recovers the newest complete manifest (or
 * starts a new store), refuses a different merge function or key-group declaration (a reopen that
 * declares none keeps the recorded one), deletes the files a crash left behind ({@link
 * OrphanSweep}), deletes the output directories of compactions it never installed ({@link
 * JobDirectories}), replays write-ahead logs newer than the manifest's log number into a level-0
 * SST, and publishes the resulting state before the store accepts writes.
 */
final class DbOpener {

  private static final Logger LOG = LoggerFactory.getLogger(DbOpener.class);

  private static final Pattern NUMBERED = Pattern.compile("(\\d{6,})\\.(sst|log)");

  private DbOpener() {}

  static DbImpl open(DbOptions options) throws IOException {
    long start = options.nanoClock().getAsLong();
    FileSystemView view = FileSystemView.open(options.dirUri(), options.hadoopConfiguration());
    StoreLock lock;
    try {
      lock = StoreLock.acquire(view);
    } catch (IOException | RuntimeException e) {
      view.close();
      throw e;
    }
    TableCache tables;
    try {
      tables = new TableCache(view, ReadTiers.open(options, view));
    } catch (RuntimeException e) {
      lock.close();
      view.close();
      throw e;
    }
    try {
      DbImpl db = recover(options, view, tables, lock);
      if (LOG.isInfoEnabled()) {
        Version v = db.versions.current();
        long bytes = 0;
        for (int level = 0; level < Version.NUM_LEVELS; level++) {
          bytes += v.levelBytes(level);
        }
        LOG.info(
            "opened store {}: {} files, {}, recovered in {} ms",
            options.dirUri(),
            v.fileCount(),
            Sizes.bytes(bytes),
            Sizes.millis(start, options.nanoClock().getAsLong()));
      }
      return db;
    } catch (IOException | RuntimeException e) {
      tables.close();
      lock.close();
      view.close();
      throw e;
    }
  }

  private static DbImpl recover(
      DbOptions requested, FileSystemView view, TableCache tables, StoreLock lock)
      throws IOException {
    DbOptions options = requested;
    String mergeName = options.mergeFunction() == null ? null : options.mergeFunction().name();
    Optional<ManifestStore.Recovered> recovered = ManifestStore.recover(view);
    VersionState state;
    long manifestNumber = 0;
    KeyGroupDeclaration keyGroups = KeyGroupDeclaration.of(options);
    if (recovered.isPresent()) {
      ManifestContents m = recovered.get().contents();
      if (!Objects.equals(m.mergeFunctionName(), mergeName)) {
        throw new IllegalArgumentException(
            "store "
                + options.dirUri()
                + " was written with merge function "
                + describe(m.mergeFunctionName())
                + " but is opened with "
                + describe(mergeName)
                + "; merge operands cannot be folded by another function");
      }
      keyGroups = KeyGroupDeclaration.reconcile(options.dirUri(), m.keyGroups(), keyGroups);
      if (keyGroups != null && options.keyGroups() == null) {
        options =
            options.toBuilder().keyGroups(keyGroups.range(), keyGroups.maxParallelism()).build();
      }
      state =
          new VersionState(
              m.version(), m.nextFileNumber(), m.lastSequence(), m.logNumber(), m.pendingOutputs());
      manifestNumber = recovered.get().newestNumberSeen();
    } else {
      state = new VersionState(Version.empty(), 1, 0, 0);
    }
    byte[] codes = new byte[Version.NUM_LEVELS];
    for (int level = 0; level < codes.length; level++) {
      codes[level] = (byte) options.settings().compression(level).code();
    }
    ManifestStore manifest = new ManifestStore(view, mergeName, codes, keyGroups, manifestNumber);
    FileRegistry registry = new FileRegistry(view);
    StoreListeners listeners = new StoreListeners();
    FileReleaser releaser = new RegistryReleaser(registry, tables, listeners);
    VersionSet versions = new VersionSet(state, manifest, releaser);

    // Files a crash left behind may carry numbers the manifest never recorded: never reuse them.
    List<FileStatus> listing = view.list(view.root());
    sweepOrphans(view, tables, versions, state, listing);
    TreeMap<Long, String> logs = new TreeMap<>();
    for (FileStatus s : listing) {
      Matcher matcher = NUMBERED.matcher(s.getPath().getName());
      if (matcher.matches()) {
        long n = Long.parseLong(matcher.group(1));
        versions.bumpNextFileNumber(n + 1);
        if (matcher.group(2).equals("log") && n >= state.logNumber()) {
          logs.put(n, s.getPath().getName());
        }
      }
    }

    VersionEdit edit = new VersionEdit();
    long lastSequence = state.lastSequence();
    if (!logs.isEmpty()) {
      MemTable replayed = new MemTable();
      for (String name : logs.values()) {
        lastSequence = Math.max(lastSequence, replay(view, name, replayed));
      }
      FileMetadata file =
          MemTableFlusher.flush(
              replayed, tables, versions, DbImpl.writerOptions(options, 0), options.nanoClock());
      if (file != null) {
        edit.addFile(file);
      }
    }
    edit.setLastSequence(lastSequence);
    LogWriter log = null;
    long logNumber = 0;
    if (options.settings().walEnabled()) {
      logNumber = versions.newFileNumber();
      log = new LogWriter(createDurableLog(options, view, logNumber), logNumber);
    }
    edit.setLogNumber(logNumber);
    try {
      versions.logAndApply(edit);
    } catch (IOException | RuntimeException e) {
      if (log != null) {
        log.close();
      }
      throw e;
    }
    for (String name : logs.values()) {
      view.delete(view.resolve(name));
    }
    MemTables mems = new MemTables(new MemTable(), logNumber, List.of());
    return new DbImpl(options, view, versions, tables, registry, mems, log, listeners, lock);
  }

  /**
   * Deletes the orphans of the recovered state (see {@link OrphanSweep}), and the output
   * directories of remote compactions it never installed (see {@link JobDirectories}). An SST or
   * directory that cannot be deleted stays listed as pending, so the next open tries again; the
   * open goes on either way.
   */
  private static void sweepOrphans(
      FileSystemView view,
      TableCache tables,
      VersionSet versions,
      VersionState state,
      List<FileStatus> listing)
      throws IOException {
    Set<Path> referenced = new HashSet<>();
    for (FileMetadata f : state.version().allFiles()) {
      Path path = tables.path(f);
      try {
        referenced.add(view.hadoopFileSystem().makeQualified(path));
      } catch (IllegalArgumentException e) {
        referenced.add(path); // on another file system: never in this directory's listing
      }
    }
    for (OrphanSweep.Orphan orphan : OrphanSweep.orphans(listing, state, referenced)) {
      versions.bumpNextFileNumber(orphan.number() + 1);
      try {
        tables.deleteUnpublished(orphan.path());
      } catch (IOException e) {
        LOG.warn(
            "could not delete {}, left by a crash; the next open tries again: {}",
            orphan.path(),
            e.getMessage());
        if (orphan.sst()) {
          versions.keepPending(orphan.number());
        }
      }
    }
    JobDirectories.sweep(
        view, state, referenced, n -> versions.bumpNextFileNumber(n + 1), versions::keepPending);
  }

  /**
   * Creates the write-ahead log {@code number}, refusing a file system whose files cannot be synced
   * while open (S3 through S3A, for one): there a synced write would still be lost in a crash, so
   * the log would promise a durability it cannot give. A refused log file is removed again (at
   * worst an empty log stays, which recovery replays as nothing).
   *
   * @throws IllegalArgumentException naming the URI and the setting, if the file cannot be synced
   */
  private static WritableFile createDurableLog(DbOptions options, FileSystemView view, long number)
      throws IOException {
    Path path = view.resolve(LogWriter.fileName(number));
    WritableFile out = view.create(path);
    if (out.syncsDurably()) {
      return out;
    }
    try {
      out.close();
      view.delete(path);
    } catch (IOException e) {
      LOG.warn("could not remove the refused write-ahead log {}: {}", path, e.getMessage());
    }
    throw new IllegalArgumentException(
        "walEnabled=true on "
            + options.dirUri()
            + ": its file system cannot sync a file while it is open (no hsync; an object store"
            + " makes a file durable only when it is closed), so a write-ahead log there would"
            + " acknowledge writes a crash can lose; open the store with walEnabled=false (the"
            + " default) and recover from checkpoints");
  }

  private static String describe(String mergeName) {
    return mergeName == null ? "<none>" : "'" + mergeName + "'";
  }

  /** Replays one log into {@code into}; returns the highest sequence number replayed. */
  private static long replay(FileSystemView view, String name, MemTable into) throws IOException {
    String file = view.resolve(name).toString();
    byte[] data = view.readAll(view.resolve(name));
    LogReader.Contents contents = LogReader.read(data, file);
    long last = 0;
    for (int i = 0; i < contents.records().size(); i++) {
      byte[] record = contents.records().get(i);
      long offset = contents.payloadOffsets().get(i);
      if (record.length < 8) {
        throw new CorruptionException(file, offset, "log record too short for a sequence number");
      }
      long first = ByteBuffer.wrap(record).getLong();
      WriteBatch batch =
          WriteBatch.decode(Arrays.copyOfRange(record, 8, record.length), file, offset + 8);
      last = Math.max(last, MemTableInserter.insert(batch, into, first));
    }
    return last;
  }
}
