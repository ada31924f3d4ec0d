package io.sediment.compaction;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a worker's metrics from a test, and waits for one to reach a value. */
final class WorkerClientProbe {

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI worker;
  private final String token;

  WorkerClientProbe(URI worker, String token) {
    this.worker = worker;
    this.token = token;
  }

  /** The metric's value, or -1 if the worker does not answer. */
  long metric(String name) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(worker.resolve("/metrics"))
                  .timeout(Duration.ofSeconds(2))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      for (String line : r.body().split("\n")) {
        if (line.startsWith(name + "=")) {
          return Long.parseLong(line.substring(name.length() + 1));
        }
      }
      return -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Polls the metric until it equals {@code value}; fails after a minute. */
  void awaitMetric(String name, long value) {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (metric(name) != value) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(worker + ": " + name + " never reached " + value);
      }
      Thread.onSpinWait();
    }
  }
}
