package io.sediment.tool;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * A parsed command line: positional arguments, {@code --name value} options from a known set, and
 * {@code -Dkey=value} Hadoop settings. Every malformed piece is a {@link UsageException} naming it.
 */
final class Arguments {

  private final List<String> positional = new ArrayList<>();
  private final Map<String, String> options = new LinkedHashMap<>();
  private final Set<String> flags;
  private final Configuration conf = new Configuration();

  /**
   * @param args the command's arguments
   * @param valued option names that take a value ({@code --keys 1000})
   * @param flags option names that take none ({@code --entries})
   */
  Arguments(String command, List<String> args, Set<String> valued, Set<String> flags)
      throws UsageException {
    this.flags = flags;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("-D")) {
        int eq = arg.indexOf('=');
        if (eq <= 2 || eq == arg.length() - 1) {
          throw new UsageException("expected -Dkey=value, got '" + arg + "'");
        }
        conf.set(arg.substring(2, eq), arg.substring(eq + 1));
      } else if (arg.startsWith("--") && valued.contains(arg.substring(2))) {
        if (i + 1 >= args.size()) {
          throw new UsageException("option '" + arg + "' of " + command + " needs a value");
        }
        options.put(arg.substring(2), args.get(++i));
      } else if (arg.startsWith("--") && flags.contains(arg.substring(2))) {
        options.put(arg.substring(2), "true");
      } else if (arg.startsWith("-") && arg.length() > 1) {
        throw new UsageException("unknown option '" + arg + "' for " + command);
      } else {
        positional.add(arg);
      }
    }
  }

  List<String> positional() {
    return positional;
  }

  Configuration conf() {
    return conf;
  }

  boolean flag(String name) {
    if (!flags.contains(name)) {
      throw new IllegalArgumentException("not a flag: " + name);
    }
    return options.containsKey(name);
  }

  String option(String name) {
    return options.get(name);
  }

  /** A positive long option, or {@code dflt} when absent. */
  long longOption(String name, long dflt, long min, long max) throws UsageException {
    String v = options.get(name);
    if (v == null) {
      return dflt;
    }
    long parsed;
    try {
      parsed = Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " needs a whole number, got '" + v + "'");
    }
    if (parsed < min || parsed > max) {
      throw new UsageException(
          "--" + name + " must be between " + min + " and " + max + ", got " + parsed);
    }
    return parsed;
  }

  /** Exactly {@code count} positional arguments, or a usage error naming what was given. */
  void expectPositional(String command, int count, String what) throws UsageException {
    if (positional.size() != count) {
      throw new UsageException(
          command + " takes " + what + ", got " + positional.size() + ": " + positional);
    }
  }

  /**
   * A file-system URI from the command line: a URI with a scheme and an absolute path, or a local
   * path (relative ones against the working directory).
   */
  static URI toUri(String text) throws UsageException {
    if (!text.contains(":")) {
      return Paths.get(text).toAbsolutePath().normalize().toUri();
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new UsageException("not a URI: '" + text + "' (" + e.getReason() + ")");
    }
    if (uri.getScheme() == null || uri.isOpaque()) {
      throw new UsageException(
          "URI needs a scheme and an absolute path, e.g. file:///tmp/db or"
              + " hdfs://host:8020/db: '"
              + text
              + "'");
    }
    return uri;
  }

  /** {@code <repository>/sediment-data/<name>} as a URI: the default place of demo and bench. */
  static URI defaultDataDir(String name) {
    String home = System.getProperty(Main.HOME_PROPERTY, System.getProperty("user.dir"));
    return Paths.get(home, "sediment-data", name).toAbsolutePath().toUri();
  }
}
