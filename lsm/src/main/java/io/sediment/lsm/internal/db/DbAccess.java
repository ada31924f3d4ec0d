package io.sediment.lsm.internal.db;

import io.sediment.lsm.Db;
import java.util.function.Function;

/**
 * The engine behind a {@link Db}, for the engine's own public packages ({@code
 * io.sediment.lsm.spi}) without making it part of {@code Db}'s public surface. {@code Db} installs
 * the accessor when its class initializes, which happens before any instance exists.
 */
public final class DbAccess {

  private static volatile Function<Db, DbImpl> accessor;

  private DbAccess() {}

  /** Called once, by {@code Db}'s static initializer. */
  public static void install(Function<Db, DbImpl> access) {
    accessor = access;
  }

  /**
   * The engine of {@code db}.
   *
   * @throws IllegalArgumentException if db is null
   */
  public static DbImpl of(Db db) {
    if (db == null) {
      throw new IllegalArgumentException("db must not be null");
    }
    return accessor.apply(db);
  }
}
