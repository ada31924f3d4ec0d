package io.sediment.compaction;

import io.sediment.lsm.CompactionJob;
import io.sediment.lsm.CompactionJobs;
import io.sediment.lsm.CompactionResult;
import io.sediment.lsm.CompactionService;
import io.sediment.lsm.Db;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.conf.Configuration;

/**
 * A store's process for the restart test: opens the store given as argument with a service that
 * runs each job's first attempt to the end (its outputs written in the attempt directory), prints
 * {@code written <dir>} and never completes the job, as if the worker had not answered yet. The
 * test then kills this process.
 */
public final class PrimaryProcess {

  private PrimaryProcess() {}

  public static void main(String[] args) throws IOException {
    CompactionService neverAnswers =
        new CompactionService() {
          @Override
          public CompletableFuture<CompactionResult> submit(Task task) {
            try {
              CompactionJob attempt = task.newAttempt();
              CompactionJobs.run(attempt, new Configuration(), MergeFunctions.uint64Add(), null);
              System.out.println("written " + attempt.outputDirectory());
              System.out.flush();
            } catch (IOException e) {
              return CompletableFuture.failedFuture(e);
            }
            return new CompletableFuture<>();
          }

          @Override
          public void close() {}
        };
    Db db = Db.open(RemoteStores.options(Path.of(args[0]), neverAnswers));
    db.compactRange(null, null); // never returns
  }
}
