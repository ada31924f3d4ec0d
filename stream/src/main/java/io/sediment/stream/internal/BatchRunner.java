package io.sediment.stream.internal;

import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.ReadOptions;
import io.sediment.lsm.WriteBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a batch of state requests against the store, with the effect of running them one by one in
 * batch order, but paying few round trips: the batch is cut into as few segments as that order
 * allows, and each segment becomes one sorted, de-duplicated {@link Db#multiGet} (plus one scan per
 * range read) followed by one atomic {@link WriteBatch}.
 *
 * <p>A segment's reads all run before its writes, which is right as long as no read comes after a
 * write of the same key (or range) within the segment; such a read starts a new segment. Requests
 * of different records never conflict (a key has one record in flight), so a segment ends only
 * where one record reads what it wrote earlier in the same batch: in the common case, where a
 * record waits for a read before writing, a batch is one segment.
 *
 * <p>Batches must run one at a time, in the order they were sent (the controller sends them down
 * one lane), so that a later batch sees an earlier one's writes. The parallelism is inside {@link
 * Db#multiGet}.
 */
public final class BatchRunner {

  private final Db db;

  /** A runner on {@code db}. */
  public BatchRunner(Db db) {
    this.db = db;
  }

  /**
   * Runs {@code batch}, setting each request's result.
   *
   * @throws IOException from the store; segments before the failing one are written, the failing
   *     one is not (its write batch is atomic)
   */
  public void run(List<StateRequest> batch) throws IOException {
    int start = 0;
    while (start < batch.size()) {
      int end = segmentEnd(batch, start);
      runSegment(batch.subList(start, end));
      start = end;
    }
  }

  /**
   * Where the segment starting at {@code start} ends: at the first request that reads a key or
   * range written earlier in the segment, or at the end of the batch.
   */
  static int segmentEnd(List<StateRequest> batch, int start) {
    Set<ByteBuffer> written = new HashSet<>();
    TreeSet<byte[]> writtenSorted = new TreeSet<>(Bytes::compare);
    List<byte[][]> writtenRanges = new ArrayList<>();
    for (int i = start; i < batch.size(); i++) {
      StateRequest r = batch.get(i);
      switch (r.type()) {
        case GET -> {
          if (written.contains(ByteBuffer.wrap(r.key())) || inRanges(writtenRanges, r.key())) {
            return i;
          }
        }
        case SCAN -> {
          byte[] first = writtenSorted.ceiling(r.key());
          if ((first != null && Bytes.compare(first, r.end()) < 0)
              || overlapsRanges(writtenRanges, r.key(), r.end())) {
            return i;
          }
        }
        case PUT, DELETE, MERGE -> {
          written.add(ByteBuffer.wrap(r.key()));
          writtenSorted.add(r.key());
        }
        case DELETE_RANGE -> writtenRanges.add(new byte[][] {r.key(), r.end()});
      }
    }
    return batch.size();
  }

  private static boolean inRanges(List<byte[][]> ranges, byte[] key) {
    for (byte[][] range : ranges) {
      if (Bytes.compare(range[0], key) <= 0 && Bytes.compare(key, range[1]) < 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean overlapsRanges(List<byte[][]> ranges, byte[] from, byte[] end) {
    for (byte[][] range : ranges) {
      if (Bytes.compare(range[0], end) < 0 && Bytes.compare(from, range[1]) < 0) {
        return true;
      }
    }
    return false;
  }

  private void runSegment(List<StateRequest> segment) throws IOException {
    TreeSet<byte[]> reads = new TreeSet<>(Bytes::compare);
    for (StateRequest r : segment) {
      if (r.type() == StateRequest.Type.GET) {
        reads.add(r.key());
      }
    }
    Map<ByteBuffer, byte[]> found = new HashMap<>();
    if (!reads.isEmpty()) {
      List<byte[]> keys = new ArrayList<>(reads);
      List<byte[]> values = db.multiGet(keys);
      for (int i = 0; i < keys.size(); i++) {
        found.put(ByteBuffer.wrap(keys.get(i)), values.get(i));
      }
    }
    WriteBatch writes = new WriteBatch();
    for (StateRequest r : segment) {
      switch (r.type()) {
        case GET -> r.result(found.get(ByteBuffer.wrap(r.key())));
        case SCAN -> r.result(scan(r));
        case PUT -> writes.put(r.key(), r.value());
        case DELETE -> writes.delete(r.key());
        case MERGE -> writes.merge(r.key(), r.value());
        case DELETE_RANGE -> writes.deleteRange(r.key(), r.end());
      }
    }
    if (!writes.isEmpty()) {
      db.write(writes);
    }
  }

  private ScanChunk scan(StateRequest r) throws IOException {
    try {
      return scanRange(r);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private ScanChunk scanRange(StateRequest r) throws IOException {
    List<byte[]> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    boolean more = false;
    try (DbIterator it =
        db.newIterator(ReadOptions.defaults().lowerBound(r.key()).upperBound(r.end()))) {
      for (it.seek(r.key()); it.isValid(); it.next()) {
        if (keys.size() == r.limit()) {
          more = true;
          break;
        }
        keys.add(it.key());
        values.add(it.value());
      }
    }
    return new ScanChunk(keys, values, more);
  }
}
