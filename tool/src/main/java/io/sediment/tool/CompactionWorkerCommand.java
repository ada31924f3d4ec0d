package io.sediment.tool;

import io.sediment.compaction.CompactionWorker;
import io.sediment.compaction.CompactionWorkerMain;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code compaction-worker}: runs a remote compaction worker in this process until it is stopped
 * (see {@link CompactionWorkerMain} for the arguments and {@code docs/compaction.md}).
 */
final class CompactionWorkerCommand implements Command {

  @Override
  public String name() {
    return "compaction-worker";
  }

  @Override
  public String usage() {
    return String.join(
        System.lineSeparator(),
        "  " + CompactionWorkerMain.usage(),
        "      serve remote compactions over HTTP until stopped: on 127.0.0.1 unless --bind,",
        "      every request but GET /health needs the token in the file's first line.");
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    CompactionWorker worker;
    try {
      worker = CompactionWorkerMain.start(args, out);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "sediment-worker-shutdown"));
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker.close();
    return Main.OK;
  }
}
