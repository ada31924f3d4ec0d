package io.sediment.compaction;

import io.sediment.fs.wrap.FaultInjectingFileSystem;
import io.sediment.fs.wrap.FsOp;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under Sediment's fault-injecting wrapper, armed from Hadoop settings, so
 * that a compaction worker (in this JVM or another, through {@code --hadoop key=value}) reads and
 * writes through it when {@code fs.file.impl} names this class:
 *
 * <ul>
 *   <li>{@code sediment.test.fault.op}: the operation to fail ({@link FsOp#configName()}, e.g.
 *       {@code read}, {@code create}, {@code write}, {@code close});
 *   <li>{@code sediment.test.fault.also-fail-every}: another operation that fails every time on
 *       matching paths (e.g. {@code delete}: a process that dies leaves its files behind);
 *   <li>{@code sediment.test.fault.path-contains}: only paths containing this text count;
 *   <li>{@code sediment.test.fault.nth}: the matching operation that fails (1 = the first);
 *   <li>{@code sediment.test.fault.tear-bytes}: for {@code write}, land this many bytes of the
 *       failing call (a torn file on disk) instead of none.
 * </ul>
 *
 * <p>Each instance counts on its own; with {@code fs.file.impl.disable.cache=true} every view a job
 * opens is a new instance, so every job meets the fault once it does {@code nth} matching
 * operations on one view.
 */
public class ConfiguredFaultsFileSystem extends FaultInjectingFileSystem {

  /** The operation to fail. */
  public static final String OP = "sediment.test.fault.op";

  /** Text a path must contain for its operations to count. */
  public static final String PATH_CONTAINS = "sediment.test.fault.path-contains";

  /** Which matching operation fails. */
  public static final String NTH = "sediment.test.fault.nth";

  /** Another operation to fail every time. */
  public static final String ALSO_FAIL_EVERY = "sediment.test.fault.also-fail-every";

  /** Bytes of a failing write that still land. */
  public static final String TEAR_BYTES = "sediment.test.fault.tear-bytes";

  /** Wraps a raw local file system; Hadoop calls this for {@code fs.file.impl}. */
  public ConfiguredFaultsFileSystem() {
    super(new RawLocalFileSystem());
  }

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    super.initialize(name, conf);
    String opName = conf.get(OP);
    if (opName == null) {
      return;
    }
    FsOp op = FsOp.valueOf(opName.toUpperCase(Locale.ROOT).replace('-', '_'));
    String contains = conf.get(PATH_CONTAINS, "");
    long nth = conf.getLong(NTH, 1);
    int tear = conf.getInt(TEAR_BYTES, -1);
    BiPredicate<FsOp, Path> matches = (o, p) -> o == op && p.toString().contains(contains);
    String every = conf.get(ALSO_FAIL_EVERY);
    if (every != null) {
      FsOp always = FsOp.valueOf(every.toUpperCase(Locale.ROOT).replace('-', '_'));
      failWhen((o, p) -> o == always);
    }
    if (op == FsOp.WRITE && tear >= 0) {
      AtomicLong seen = new AtomicLong();
      tearNextWrite((o, p) -> matches.test(o, p) && seen.incrementAndGet() == nth, tear);
    } else {
      failNth(nth, matches);
    }
  }
}
