package io.sediment.fs.wrap;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Selecting the wrappers by URI: a composite scheme {@code <wrapper>+<inner scheme>}.
 *
 * <p>{@code latency+hdfs://nn:8020/db} opens {@code hdfs://nn:8020/db} under a {@link
 * LatencyFileSystem}; wrappers stack left to right, outermost first: {@code
 * counting+faulty+file:///tmp/db} counts the operations that reach a fault-injecting view of the
 * local disk. The wrapper names are {@value #LATENCY}, {@value #FAULTY} and {@value #COUNTING}.
 *
 * <p>Hadoop finds a file-system class by {@code fs.<scheme>.impl}. {@link
 * io.sediment.fs.FileSystemView#open} (through {@link #configure}) sets those keys on a copy of the
 * caller's configuration, so a plain URI is enough. Code that calls Hadoop's {@code FileSystem.get}
 * directly sets them itself, e.g. {@code
 * fs.latency+hdfs.impl=io.sediment.fs.wrap.LatencyFileSystem}.
 *
 * <p>Whatever the URI, a wrapper speaks the inner scheme's paths: {@code latency+hdfs://nn:8020/db}
 * roots a view at {@code hdfs://nn:8020/db}. To reach the wrapper's controls (fault rules,
 * counters) take {@code view.hadoopFileSystem()} and cast it.
 */
public final class WrapperSchemes {

  /** Wrapper name of {@link LatencyFileSystem}. */
  public static final String LATENCY = "latency";

  /** Wrapper name of {@link FaultInjectingFileSystem}. */
  public static final String FAULTY = "faulty";

  /** Wrapper name of {@link CountingFileSystem}. */
  public static final String COUNTING = "counting";

  private static final Map<String, Class<? extends FileSystem>> WRAPPERS =
      Map.of(
          LATENCY, LatencyFileSystem.class,
          FAULTY, FaultInjectingFileSystem.class,
          COUNTING, CountingFileSystem.class);

  private WrapperSchemes() {}

  /** Whether {@code scheme} is a composite scheme whose first part names a wrapper. */
  public static boolean isWrapperScheme(String scheme) {
    if (scheme == null) {
      return false;
    }
    int plus = scheme.indexOf('+');
    return plus > 0
        && plus < scheme.length() - 1
        && WRAPPERS.containsKey(scheme.substring(0, plus));
  }

  /**
   * Returns {@code conf}, or a copy of it with {@code fs.<scheme>.impl} set for every wrapper layer
   * of {@code uri}'s scheme that the configuration does not name already.
   */
  public static Configuration configure(URI uri, Configuration conf) {
    Configuration result = conf;
    String scheme = uri.getScheme();
    while (isWrapperScheme(scheme)) {
      String key = "fs." + scheme + ".impl";
      if (result.get(key) == null) {
        if (result == conf) {
          result = new Configuration(conf);
        }
        String wrapper = scheme.substring(0, scheme.indexOf('+'));
        result.setClass(key, WRAPPERS.get(wrapper), FileSystem.class);
      }
      scheme = scheme.substring(scheme.indexOf('+') + 1);
    }
    return result;
  }

  /**
   * The URI a wrapper layer wraps: {@code latency+hdfs://nn/db} gives {@code hdfs://nn/db}.
   *
   * @throws IllegalArgumentException naming the URI if its scheme is not a wrapper scheme
   */
  public static URI innerUri(URI outer) {
    if (outer == null || !isWrapperScheme(outer.getScheme())) {
      throw new IllegalArgumentException(
          "not a wrapper URI of the form <wrapper>+<scheme>://...: '"
              + outer
              + "'; wrappers are "
              + WRAPPERS.keySet());
    }
    String scheme = outer.getScheme();
    String innerScheme = scheme.substring(scheme.indexOf('+') + 1);
    try {
      return new URI(
          innerScheme,
          outer.getAuthority(),
          outer.getPath(),
          outer.getQuery(),
          outer.getFragment());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot unwrap URI '" + outer + "': " + e.getMessage(), e);
    }
  }

  /**
   * Prefixes {@code uri}'s scheme with a wrapper: {@code wrap("latency", hdfs://nn/db)} gives
   * {@code latency+hdfs://nn/db}.
   *
   * @throws IllegalArgumentException naming the wrapper if it is unknown
   */
  public static URI wrap(String wrapper, URI uri) {
    if (!WRAPPERS.containsKey(wrapper)) {
      throw new IllegalArgumentException(
          "unknown wrapper '" + wrapper + "'; wrappers are " + WRAPPERS.keySet());
    }
    try {
      return new URI(
          wrapper + "+" + uri.getScheme(),
          uri.getAuthority(),
          uri.getPath(),
          uri.getQuery(),
          uri.getFragment());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot wrap URI '" + uri + "': " + e.getMessage(), e);
    }
  }
}
