package io.sediment.snapshot;

import io.sediment.lsm.Db;
import io.sediment.lsm.DbIterator;
import io.sediment.lsm.DbOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * The other process of {@link CrossProcessLeaseTest}: restores a store from the checkpoint handle
 * in a file, then obeys commands on stdin, one per line, answering one line each on stdout:
 *
 * <ul>
 *   <li>{@code digest}: reads every entry and answers {@code digest <entries> <hash>};
 *   <li>{@code close}: closes the store (ending its lease) and answers {@code closed}, then exits.
 * </ul>
 *
 * It answers {@code ready} once the store is open. Any failure ends it with exit code 1.
 */
public final class RestoredStoreProcess {

  private RestoredStoreProcess() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    CheckpointHandle h = CheckpointHandle.fromBytes(Files.readAllBytes(Path.of(args[0])));
    DbOptions options = DbOptions.builder(args[1]).hadoopConfiguration(new Configuration()).build();
    try (Db db = Restore.open(h, options, RestoreMode.NO_CLAIM)) {
      out.println("ready");
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals("digest")) {
          out.println("digest " + digest(db));
        } else if (line.equals("close")) {
          break;
        } else {
          throw new IllegalArgumentException("unknown command '" + line + "'");
        }
      }
    }
    out.println("closed");
  }

  /** Entry count and an order-sensitive hash of every key and value. */
  static String digest(Db db) throws java.io.IOException {
    long entries = 0;
    long hash = 17;
    try (DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        entries++;
        hash = hash * 31 + java.util.Arrays.hashCode(it.key());
        hash = hash * 31 + java.util.Arrays.hashCode(it.value());
      }
    }
    return entries + " " + Long.toHexString(hash);
  }
}
