package io.sediment.stream.runtime;

import io.sediment.fs.FileSystemView;
import io.sediment.stream.Serializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * A {@link TransactionalSink} of files in one directory (any Hadoop file-system URI), written once
 * and never renamed:
 *
 * <ul>
 *   <li>a writer keeps an instance's records in memory until a checkpoint, then writes them as the
 *       part file {@code part-<checkpoint id>-<instance>} (records as {@code [length: 4][bytes]},
 *       then a CRC32C of everything before it), synced before the checkpoint is acknowledged;
 *   <li>committing checkpoint {@code c} creates the marker {@code commit-<c>} if absent, listing
 *       its part files (with a CRC32C): the marker is what makes them visible. A marker that exists
 *       and is complete means the checkpoint was committed, so a repeated commit does nothing; one
 *       a crash left torn is replaced.
 * </ul>
 *
 * Part files of checkpoints that never completed stay invisible. {@link #readCommitted} reads the
 * committed records, checkpoint by checkpoint. Thread-safe.
 *
 * @param <R> the record type
 */
public final class FileSink<R> implements TransactionalSink<R>, Closeable {

  private static final String PART = "part-";
  private static final String COMMIT = "commit-";

  private final FileSystemView view;
  private final Serializer<R> serializer;

  private FileSink(FileSystemView view, Serializer<R> serializer) {
    this.view = view;
    this.serializer = serializer;
  }

  /**
   * A sink writing into {@code dirUri}, created if needed.
   *
   * @throws IllegalArgumentException if an argument is null
   * @throws IOException naming the URI if it cannot be reached
   */
  public static <R> FileSink<R> open(
      String dirUri, org.apache.hadoop.conf.Configuration conf, Serializer<R> serializer)
      throws IOException {
    if (dirUri == null || conf == null || serializer == null) {
      throw new IllegalArgumentException("dirUri, conf and serializer must not be null");
    }
    FileSystemView view = FileSystemView.open(dirUri, conf);
    try {
      view.mkdirs(view.root());
    } catch (IOException | RuntimeException e) {
      view.close();
      throw e;
    }
    return new FileSink<>(view, serializer);
  }

  @Override
  public SinkWriter<R> writer(int instance, long attempt) {
    if (instance < 0) {
      throw new IllegalArgumentException("instance must not be negative: " + instance);
    }
    return new Writer(instance);
  }

  @Override
  public void commit(long checkpointId, List<byte[]> staged) throws IOException {
    if (staged == null) {
      throw new IllegalArgumentException("staged must not be null");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    for (byte[] part : staged) {
      if (part.length > 0) {
        out.writeInt(part.length);
        out.write(part);
      }
    }
    byte[] marker = withCrc(bytes.toByteArray());
    Path path = view.resolve(name(COMMIT, checkpointId, -1));
    try {
      view.writeAll(path, marker);
    } catch (FileAlreadyExistsException e) {
      if (readFramed(path) != null) {
        return; // committed before
      }
      view.delete(path); // torn by a crash while it was written: never a commit
      view.writeAll(path, marker);
    }
  }

  /**
   * The committed records in {@code dirUri}: checkpoint by checkpoint (ascending), instance by
   * instance, in the order each instance emitted them. Lists the directory.
   *
   * @throws IOException naming a file that cannot be read or is damaged
   */
  public static <R> List<R> readCommitted(
      String dirUri, org.apache.hadoop.conf.Configuration conf, Serializer<R> serializer)
      throws IOException {
    try (FileSink<R> sink = open(dirUri, conf, serializer)) {
      return sink.committed();
    }
  }

  private List<R> committed() throws IOException {
    TreeMap<String, Path> markers = new TreeMap<>();
    for (FileStatus s : view.list(view.root())) {
      if (s.getPath().getName().startsWith(COMMIT)) {
        markers.put(s.getPath().getName(), s.getPath());
      }
    }
    List<R> out = new ArrayList<>();
    for (Path marker : markers.values()) {
      byte[] content = readFramed(marker);
      if (content == null) {
        continue; // torn: its commit is repeated when the job restores
      }
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(content));
      while (in.available() > 0) {
        String part = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
        Path partPath = view.resolve(part);
        byte[] records = readFramed(partPath);
        if (records == null) {
          throw new IOException(partPath + " is damaged but committed by " + marker);
        }
        DataInputStream r = new DataInputStream(new ByteArrayInputStream(records));
        while (r.available() > 0) {
          out.add(serializer.deserialize(r.readNBytes(r.readInt())));
        }
      }
    }
    return out;
  }

  /** The content of a file written by {@link #withCrc}, or null if it is torn or damaged. */
  private byte[] readFramed(Path path) throws IOException {
    byte[] raw;
    try {
      raw = view.readAll(path);
    } catch (FileNotFoundException e) {
      return null;
    }
    if (raw.length < Integer.BYTES) {
      return null;
    }
    int n = raw.length - Integer.BYTES;
    CRC32C crc = new CRC32C();
    crc.update(raw, 0, n);
    int stored = java.nio.ByteBuffer.wrap(raw, n, Integer.BYTES).getInt();
    return stored == (int) crc.getValue() ? java.util.Arrays.copyOf(raw, n) : null;
  }

  private static byte[] withCrc(byte[] content) {
    CRC32C crc = new CRC32C();
    crc.update(content);
    byte[] out = java.util.Arrays.copyOf(content, content.length + Integer.BYTES);
    java.nio.ByteBuffer.wrap(out, content.length, Integer.BYTES).putInt((int) crc.getValue());
    return out;
  }

  private static String name(String kind, long checkpointId, int instance) {
    String base = kind + String.format("%020d", checkpointId);
    return instance < 0 ? base : base + String.format("-%05d", instance);
  }

  @Override
  public void close() throws IOException {
    view.close();
  }

  @Override
  public String toString() {
    return "FileSink[" + view.root() + "]";
  }

  /** Keeps one instance's records until a checkpoint. */
  private final class Writer implements SinkWriter<R> {
    private final int instance;
    private ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private DataOutputStream out = new DataOutputStream(pending);

    Writer(int instance) {
      this.instance = instance;
    }

    @Override
    public void write(R record) throws IOException {
      byte[] b = serializer.serialize(record);
      out.writeInt(b.length);
      out.write(b);
    }

    @Override
    public byte[] prepare(long checkpointId) throws IOException {
      if (pending.size() == 0) {
        return new byte[0];
      }
      String part = name(PART, checkpointId, instance);
      view.writeAll(view.resolve(part), withCrc(pending.toByteArray()));
      pending = new ByteArrayOutputStream();
      out = new DataOutputStream(pending);
      return part.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      pending = new ByteArrayOutputStream();
    }
  }
}
