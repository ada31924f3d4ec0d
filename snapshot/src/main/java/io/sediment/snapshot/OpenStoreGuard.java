package io.sediment.snapshot;

import io.sediment.lsm.Db;
import io.sediment.lsm.StoreOpenListener;

/**
 * Puts every store this process opens under {@link LiveStores}' protection, however it is opened: a
 * checkpoint storage of this process then keeps every file any version of the store reads (its
 * current version, and versions pinned by iterators and snapshots), also for a store reopened with
 * plain {@code Db.open}. Registered with {@link java.util.ServiceLoader} in {@code
 * META-INF/services/io.sediment.lsm.StoreOpenListener}.
 */
public final class OpenStoreGuard implements StoreOpenListener {

  /** For {@link java.util.ServiceLoader}. */
  public OpenStoreGuard() {}

  @Override
  public void opened(Db db) {
    LiveStores.track(db);
  }
}
