package io.sediment.stream.changelog;

import io.sediment.fs.FileSystemView;
import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.DbOptions;
import io.sediment.lsm.ReadOptions;
import io.sediment.lsm.WriteBatch;
import io.sediment.stream.Serializer;
import io.sediment.stream.runtime.SinkWriter;
import io.sediment.stream.runtime.TransactionalSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A {@link TransactionalSink} of changes that keeps the result they describe as a table in a
 * Sediment store: one row per key ({@code keyOf} of the row), {@code +I} and {@code +U} put the
 * row, {@code -D} deletes its key, {@code -U} is skipped (the {@code +U} that follows replaces the
 * row). Under {@code tableUri} (any Hadoop file-system URI):
 *
 * <ul>
 *   <li>{@code staged/}: per checkpoint and instance, the file {@code changes-<checkpoint
 *       id>-<instance>} a writer's {@link SinkWriter#prepare} writes (changes as {@code [kind:
 *       1][length: 4][row]}, then a CRC32C of everything before it), durable before the checkpoint
 *       is acknowledged;
 *   <li>{@code table/}: the store. Rows live under {@code [0x01][serialized key]}; the id of the
 *       last committed checkpoint under the one key {@code [0x00]}.
 * </ul>
 *
 * <p><b>Commit.</b> {@link #commit} of checkpoint {@code c} reads the store's committed id; if it
 * is {@code c} or later the commit was done before and nothing happens (checkpoint ids only grow,
 * and a job commits them in order, also when a restore repeats the commits of its retained
 * checkpoints). Otherwise every staged change of {@code c}, instance by instance in the order each
 * instance emitted them, goes into one {@link WriteBatch} with the new committed id, the batch is
 * written (atomic: all or nothing, also across a crash), and the store is flushed (skipped when the
 * store has its write-ahead log on, which makes the batch durable already); then the staged files
 * are deleted. A reader therefore sees the table as of one committed checkpoint, never part of one:
 * {@link #table()} reads at one sequence number, and after a crash the store holds the last batch
 * it made durable, whose committed id says which checkpoint that was.
 *
 * <p>Opening the table deletes the staged files of checkpoints up to the committed one (left by a
 * crash after a commit, or by checkpoints that never completed). Each key should be written by one
 * operator instance (the table key follows the operator's key), as for any upsert sink: changes of
 * one key from two instances in one checkpoint are applied in instance order, not in the order they
 * were made. Thread-safe.
 *
 * @param <K> the table key type
 * @param <R> the row type
 */
public final class ChangelogTableSink<K, R> implements TransactionalSink<Change<R>>, Closeable {

  private static final byte[] COMMITTED_KEY = {0};
  private static final byte ROW_PREFIX = 1;
  private static final String STAGED = "changes-";

  private final Db db;
  private final boolean walEnabled;
  private final FileSystemView staging;
  private final Function<? super R, ? extends K> keyOf;
  private final Serializer<K> keys;
  private final Serializer<R> rows;

  private ChangelogTableSink(
      Db db,
      boolean walEnabled,
      FileSystemView staging,
      Function<? super R, ? extends K> keyOf,
      Serializer<K> keys,
      Serializer<R> rows) {
    this.db = db;
    this.walEnabled = walEnabled;
    this.staging = staging;
    this.keyOf = keyOf;
    this.keys = keys;
    this.rows = rows;
  }

  /**
   * Opens (or creates) the table under {@code tableUri} with default store options.
   *
   * @throws IllegalArgumentException if an argument is null
   * @throws IOException naming the URI if the store or the staging directory cannot be opened
   */
  public static <K, R> ChangelogTableSink<K, R> open(
      String tableUri,
      Configuration conf,
      Function<? super R, ? extends K> keyOf,
      Serializer<K> keys,
      Serializer<R> rows)
      throws IOException {
    return open(tableUri, conf, keyOf, keys, rows, b -> b);
  }

  /**
   * Opens (or creates) the table under {@code tableUri}; {@code storeOptions} completes the store's
   * options (caches, compression, the write-ahead log...).
   *
   * @throws IllegalArgumentException if an argument is null
   * @throws IOException naming the URI if the store or the staging directory cannot be opened
   */
  public static <K, R> ChangelogTableSink<K, R> open(
      String tableUri,
      Configuration conf,
      Function<? super R, ? extends K> keyOf,
      Serializer<K> keys,
      Serializer<R> rows,
      java.util.function.UnaryOperator<DbOptions.Builder> storeOptions)
      throws IOException {
    if (tableUri == null
        || conf == null
        || keyOf == null
        || keys == null
        || rows == null
        || storeOptions == null) {
      throw new IllegalArgumentException(
          "tableUri, conf, keyOf, keys, rows and storeOptions must not be null: " + tableUri);
    }
    String base = tableUri.endsWith("/") ? tableUri.substring(0, tableUri.length() - 1) : tableUri;
    FileSystemView staging = FileSystemView.open(base + "/staged", conf);
    try {
      staging.mkdirs(staging.root());
      DbOptions options =
          storeOptions.apply(DbOptions.builder(base + "/table").hadoopConfiguration(conf)).build();
      Db db = Db.open(options);
      ChangelogTableSink<K, R> sink =
          new ChangelogTableSink<>(db, options.settings().walEnabled(), staging, keyOf, keys, rows);
      try {
        sink.deleteSettledStagedFiles();
      } catch (IOException | RuntimeException e) {
        db.close();
        throw e;
      }
      return sink;
    } catch (IOException | RuntimeException e) {
      staging.close();
      throw e;
    }
  }

  @Override
  public SinkWriter<Change<R>> writer(int instance, long attempt) {
    if (instance < 0) {
      throw new IllegalArgumentException("instance must not be negative: " + instance);
    }
    return new Writer(instance);
  }

  @Override
  public synchronized void commit(long checkpointId, List<byte[]> staged) throws IOException {
    if (staged == null) {
      throw new IllegalArgumentException("staged must not be null");
    }
    if (checkpointId <= committedCheckpoint()) {
      return; // committed before: a repeated commit after a restore
    }
    WriteBatch batch = new WriteBatch();
    List<Path> files = new ArrayList<>();
    for (byte[] part : staged) {
      if (part.length == 0) {
        continue;
      }
      Path file = staging.resolve(new String(part, StandardCharsets.UTF_8));
      files.add(file);
      applyStaged(file, batch);
    }
    batch.put(COMMITTED_KEY, ByteBuffer.allocate(Long.BYTES).putLong(checkpointId).array());
    db.write(batch);
    if (!walEnabled) {
      db.flush(); // durable before the commit returns: the job may discard the staged files' source
    }
    for (Path f : files) {
      staging.delete(f);
    }
  }

  /**
   * Deletes the staged files of checkpoints up to the committed one: committed already (a crash
   * came before their deletion) or never to be committed (ids only grow). Lists the staging
   * directory, which is why it runs only when the table opens.
   */
  private void deleteSettledStagedFiles() throws IOException {
    long committed = committedCheckpoint();
    for (org.apache.hadoop.fs.FileStatus f : staging.list(staging.root())) {
      String name = f.getPath().getName();
      if (!name.startsWith(STAGED)) {
        continue;
      }
      int dash = name.indexOf('-', STAGED.length());
      try {
        long id = Long.parseLong(name.substring(STAGED.length(), dash));
        if (id <= committed) {
          staging.delete(f.getPath());
        }
      } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
        // not a file this sink wrote: leave it
      }
    }
  }

  private void applyStaged(Path file, WriteBatch batch) throws IOException {
    byte[] content = readFramed(file);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(content));
    while (in.available() > 0) {
      RowKind kind = RowKind.ofCode(in.readByte());
      byte[] rowBytes = in.readNBytes(in.readInt());
      if (kind == RowKind.UPDATE_BEFORE) {
        continue; // the +U that follows replaces the row
      }
      byte[] key = rowKey(keyOf.apply(rows.deserialize(rowBytes)));
      if (kind == RowKind.DELETE) {
        batch.delete(key);
      } else {
        batch.put(key, rowBytes);
      }
    }
  }

  /** The id of the last committed checkpoint, or -1 if none was. */
  public synchronized long committedCheckpoint() throws IOException {
    byte[] v = db.get(COMMITTED_KEY);
    return v == null ? -1 : ByteBuffer.wrap(v).getLong();
  }

  /**
   * The table as of the last committed checkpoint: every row by key, in the order of the serialized
   * keys (read at one sequence number, so never part of a commit).
   *
   * @throws IOException naming the store if it cannot be read
   */
  public synchronized Map<K, R> table() throws IOException {
    Map<K, R> out = new LinkedHashMap<>();
    ReadOptions ro =
        ReadOptions.defaults().lowerBound(new byte[] {ROW_PREFIX}).upperBound(new byte[] {2});
    try (DbIterator it = db.newIterator(ro)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] k = it.key();
        out.put(keys.deserialize(Arrays.copyOfRange(k, 1, k.length)), rows.deserialize(it.value()));
      }
    }
    return out;
  }

  private byte[] rowKey(K key) {
    if (key == null) {
      throw new IllegalArgumentException("the key extractor returned null");
    }
    byte[] k = keys.serialize(key);
    byte[] out = new byte[k.length + 1];
    out[0] = ROW_PREFIX;
    System.arraycopy(k, 0, out, 1, k.length);
    return out;
  }

  private byte[] readFramed(Path path) throws IOException {
    byte[] raw;
    try {
      raw = staging.readAll(path);
    } catch (FileNotFoundException e) {
      throw new IOException(path + " is staged for commit but missing", e);
    }
    int n = raw.length - Integer.BYTES;
    if (n < 0) {
      throw new IOException(path + " is cut short: " + raw.length + " bytes");
    }
    CRC32C crc = new CRC32C();
    crc.update(raw, 0, n);
    if (ByteBuffer.wrap(raw, n, Integer.BYTES).getInt() != (int) crc.getValue()) {
      throw new IOException(path + " is damaged: its CRC32C does not match");
    }
    return Arrays.copyOf(raw, n);
  }

  /** Closes the store. */
  @Override
  public synchronized void close() throws IOException {
    try {
      db.close();
    } finally {
      staging.close();
    }
  }

  @Override
  public String toString() {
    return "ChangelogTableSink[" + staging.root().getParent() + "]";
  }

  /** Keeps one instance's changes until a checkpoint. */
  private final class Writer implements SinkWriter<Change<R>> {
    private final int instance;
    private ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private DataOutputStream out = new DataOutputStream(pending);

    Writer(int instance) {
      this.instance = instance;
    }

    @Override
    public void write(Change<R> change) throws IOException {
      byte[] b = rows.serialize(change.row());
      out.writeByte(change.kind().code());
      out.writeInt(b.length);
      out.write(b);
    }

    @Override
    public byte[] prepare(long checkpointId) throws IOException {
      if (pending.size() == 0) {
        return new byte[0];
      }
      String name = STAGED + String.format("%020d-%05d", checkpointId, instance);
      byte[] content = pending.toByteArray();
      CRC32C crc = new CRC32C();
      crc.update(content);
      byte[] framed = Arrays.copyOf(content, content.length + Integer.BYTES);
      ByteBuffer.wrap(framed, content.length, Integer.BYTES).putInt((int) crc.getValue());
      staging.writeAll(staging.resolve(name), framed);
      pending = new ByteArrayOutputStream();
      out = new DataOutputStream(pending);
      return name.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      pending = new ByteArrayOutputStream();
    }
  }
}
