package io.sediment.flink;

import io.sediment.keygroups.KeyGroupPrefix;
import io.sediment.lsm.Db;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** What a keyed state reads from its backend: the store and the current key. */
interface StateContext<K> {

  /** The backend's store. */
  Db db();

  /** The key the task is processing. */
  K currentKey();

  /** The key group of {@link #currentKey()}. */
  int currentKeyGroup();

  /** Serializer of the backend's keys. */
  TypeSerializer<K> keySerializer();

  /** Key-group prefix of the store's keys. */
  KeyGroupPrefix keyGroupPrefix();
}
