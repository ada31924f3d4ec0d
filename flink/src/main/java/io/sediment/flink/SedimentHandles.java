package io.sediment.flink;

import io.sediment.snapshot.CheckpointHandle;
import java.io.IOException;
import java.util.Collections;
import java.util.UUID;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;

/**
 * How a Sediment checkpoint travels through Flink: as an {@link IncrementalRemoteKeyedStateHandle}
 * (a type Flink's checkpoint metadata can store and split by key groups) with no shared and no
 * private file, whose meta-state handle holds the Sediment {@link CheckpointHandle} in its bytes.
 * Flink therefore never deletes a Sediment file: the backend that wrote a checkpoint discards it in
 * its own checkpoint storage once Flink reports it subsumed ({@link SedimentCheckpoints}).
 *
 * <p>Meta bytes: int magic {@code "SEDF"}, int version 1, UTF checkpoint-storage root, int length
 * and the {@link CheckpointHandle#toBytes()} bytes.
 */
final class SedimentHandles {

  static final int MAGIC = 0x53454446;
  static final int VERSION = 1;

  private SedimentHandles() {}

  /** The Flink handle of Sediment checkpoint {@code h}, taken by backend {@code backendId}. */
  static IncrementalRemoteKeyedStateHandle toFlink(
      UUID backendId,
      KeyGroupRange range,
      long checkpointId,
      String storageRoot,
      CheckpointHandle h)
      throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeUTF(storageRoot);
    byte[] bytes = h.toBytes();
    out.writeInt(bytes.length);
    out.write(bytes);
    StreamStateHandle meta =
        new ByteStreamStateHandle(
            "sediment-" + backendId + "-chk-" + checkpointId, out.getCopyOfBuffer());
    return new IncrementalRemoteKeyedStateHandle(
        backendId,
        range,
        checkpointId,
        Collections.emptyList(),
        Collections.emptyList(),
        meta,
        meta.getStateSize());
  }

  /**
   * The Sediment checkpoint inside a Flink keyed state handle.
   *
   * @throws IllegalStateException naming the handle if it was not written by this backend (for
   *     example a checkpoint of another state backend: migrate through a canonical savepoint)
   * @throws IOException if the handle's bytes are damaged
   */
  static CheckpointHandle fromFlink(KeyedStateHandle handle) throws IOException {
    if (!(handle instanceof IncrementalRemoteKeyedStateHandle remote)
        || remote.getMetaDataStateHandle() == null
        || remote.getMetaDataStateHandle().asBytesIfInMemory().isEmpty()) {
      throw new IllegalStateException(
          "not a Sediment checkpoint: "
              + handle
              + " (state of another backend is restored through a canonical savepoint)");
    }
    byte[] meta = remote.getMetaDataStateHandle().asBytesIfInMemory().get();
    DataInputDeserializer in = new DataInputDeserializer(meta);
    if (meta.length < 8 || in.readInt() != MAGIC) {
      throw new IllegalStateException("not a Sediment checkpoint: " + handle);
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException("Sediment checkpoint meta version " + version + " is not supported");
    }
    in.readUTF();
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return CheckpointHandle.fromBytes(bytes);
  }
}
