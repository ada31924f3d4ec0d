package io.sediment.lsm;

import java.io.IOException;

/**
 * Told of every store this process opens, however it is opened ({@link Db#open}, or a restore that
 * opens through it). Modules that must know the open stores without the user passing them along
 * register an implementation with {@link java.util.ServiceLoader} (a {@code
 * META-INF/services/io.sediment.lsm.StoreOpenListener} file); the checkpoint storage uses it so
 * that files an open store still reads, in any of its versions, are never deleted in its process,
 * also when the store was reopened with plain {@code Db.open}.
 *
 * <p>Contract: {@link #opened} runs on the opening thread, after the store has recovered and before
 * {@code Db.open} returns it. It must be quick and must not close the store. If it throws, the
 * store is closed and {@code Db.open} throws that exception. Implementations are loaded once, with
 * the class loader of the engine, need a public no-argument constructor, and must be thread-safe.
 */
public interface StoreOpenListener {

  /**
   * Called once for each store this process opens.
   *
   * @throws IOException to refuse the open (the store is closed again)
   */
  void opened(Db db) throws IOException;
}
