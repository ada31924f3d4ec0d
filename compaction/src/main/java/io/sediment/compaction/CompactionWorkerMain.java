package io.sediment.compaction;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.conf.Configuration;

/**
 * Runs a {@link CompactionWorker} as a process: {@code --port N --token-file F [--threads N]
 * [--bind ADDR] [--hadoop key=value]...} (Hadoop settings for the stores' file systems, such as S3A
 * credentials providers). The token is the first line of the file. Once listening it prints {@code
 * listening on <uri>} on standard output, then serves until the process is stopped. Exit code 2 for
 * a bad command line.
 */
public final class CompactionWorkerMain {

  private CompactionWorkerMain() {}

  /** Starts a worker from the command line and serves until the process ends. */
  public static void main(String[] args) throws IOException, InterruptedException {
    CompactionWorker worker;
    try {
      worker = start(List.of(args), System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("compaction-worker: " + e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "sediment-worker-shutdown"));
    new CountDownLatch(1).await();
  }

  /** The usage line. */
  public static String usage() {
    return "compaction-worker --port N --token-file F [--threads N] [--bind ADDR]"
        + " [--hadoop key=value]...";
  }

  /**
   * Parses {@code args}, starts the worker and prints where it listens on {@code out}.
   *
   * @throws IllegalArgumentException naming the argument for a bad command line or an empty token
   *     file
   * @throws IOException naming the file if the token file cannot be read, or if the port cannot be
   *     bound
   */
  public static CompactionWorker start(List<String> args, PrintStream out) throws IOException {
    Integer port = null;
    Path tokenFile = null;
    int threads = 1;
    InetAddress bind = InetAddress.getLoopbackAddress();
    Configuration conf = new Configuration();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException("missing value after " + a);
      }
      String v = args.get(++i);
      switch (a) {
        case "--port" -> port = parseInt(a, v);
        case "--token-file" -> tokenFile = Path.of(v);
        case "--threads" -> threads = parseInt(a, v);
        case "--bind" -> bind = InetAddress.getByName(v);
        case "--hadoop" -> {
          int eq = v.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--hadoop needs key=value, got '" + v + "'");
          }
          conf.set(v.substring(0, eq), v.substring(eq + 1));
        }
        default -> throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    if (port == null || tokenFile == null) {
      throw new IllegalArgumentException("--port and --token-file are required");
    }
    String token;
    try {
      List<String> lines = Files.readAllLines(tokenFile, StandardCharsets.UTF_8);
      token = lines.isEmpty() ? "" : lines.get(0).strip();
    } catch (IOException e) {
      throw new IOException("cannot read token file " + tokenFile + ": " + e.getMessage(), e);
    }
    if (token.isEmpty()) {
      throw new IllegalArgumentException("token file " + tokenFile + " is empty");
    }
    CompactionWorker worker =
        CompactionWorker.builder()
            .port(port)
            .bind(bind)
            .threads(threads)
            .token(token)
            .hadoopConfiguration(conf)
            .start();
    out.println("listening on " + worker.uri());
    out.flush();
    return worker;
  }

  private static int parseInt(String arg, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(arg + " needs a number, got '" + v + "'");
    }
  }
}
