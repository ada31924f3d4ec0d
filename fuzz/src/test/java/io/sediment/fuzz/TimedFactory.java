package io.sediment.fuzz;

import io.sediment.lsm.DbSettings;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A {@link StoreFactory} that adds up the wall time its stores live (open to close), so the suite
 * can print where its budget goes. Reporting only: nothing asserts on these times.
 */
final class TimedFactory implements StoreFactory {

  private final StoreFactory delegate;
  private long nanos;

  TimedFactory(StoreFactory delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public boolean supportsCrash() {
    return delegate.supportsCrash();
  }

  @Override
  public boolean supportsCheckpoints() {
    return delegate.supportsCheckpoints();
  }

  @Override
  public DbSettings settings() {
    return delegate.settings();
  }

  @Override
  public KvStore open() throws IOException {
    long start = System.nanoTime();
    KvStore store = delegate.open();
    return new ForwardingStore(store) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          nanos += System.nanoTime() - start;
        }
      }
    };
  }

  /** "name: 1234 ms". */
  String report() {
    return name() + ": " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms";
  }
}
