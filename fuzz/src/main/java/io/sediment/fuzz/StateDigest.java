package io.sediment.fuzz;

import io.sediment.keygroups.KeyGroupRange;
import io.sediment.lsm.DbIterator;
import java.io.IOException;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A one-line digest of a whole store's contents, for observations of stores a log does not go on
 * with (the parts a rescale sets aside): the key groups, the number of entries and a CRC32C of
 * every key and value with their lengths, in key order. Equal contents give equal digests.
 */
final class StateDigest {

  private final CRC32C crc = new CRC32C();
  private long entries;

  private StateDigest() {}

  private void add(byte[] key, byte[] value) {
    update(key);
    update(value);
    entries++;
  }

  private void update(byte[] b) {
    crc.update(b.length >>> 24);
    crc.update(b.length >>> 16);
    crc.update(b.length >>> 8);
    crc.update(b.length);
    crc.update(b);
  }

  private String text(KeyGroupRange range) {
    return String.format(
        "[%d, %d] %d entries crc %08x", range.start(), range.end(), entries, (int) crc.getValue());
  }

  /** The digest of every entry {@code it} iterates from its first. */
  static String of(KeyGroupRange range, DbIterator it) throws IOException {
    StateDigest d = new StateDigest();
    for (it.seekToFirst(); it.isValid(); it.next()) {
      d.add(it.key(), it.value());
    }
    return d.text(range);
  }

  /** The digest of {@code state}. */
  static String of(KeyGroupRange range, Map<byte[], byte[]> state) {
    StateDigest d = new StateDigest();
    for (Map.Entry<byte[], byte[]> e : state.entrySet()) {
      d.add(e.getKey(), e.getValue());
    }
    return d.text(range);
  }
}
