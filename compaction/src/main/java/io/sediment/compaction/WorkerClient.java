package io.sediment.compaction;

import io.sediment.lsm.CompactionJob;
import io.sediment.lsm.CompactionResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The HTTP calls of {@link RemoteCompactionService} to one {@link CompactionWorker}. Every call has
 * a request timeout, so a worker that stops answering (a stopped process, a partition) shows as an
 * {@link IOException}, never as a call that hangs. Thread-safe.
 */
final class WorkerClient {

  /** What a submission got: a handle, or the refusal's status code and text. */
  record Submitted(String handle, int status, String message) {}

  private final HttpClient http;
  private final String authorization;
  private final Duration requestTimeout;

  WorkerClient(HttpClient http, String token, Duration requestTimeout) {
    this.http = http;
    this.authorization = "Bearer " + token;
    this.requestTimeout = requestTimeout;
  }

  Submitted submit(URI worker, CompactionJob job) throws IOException {
    return submit(worker, job, "");
  }

  /** Submits {@code job}, which may resume from the attempt directory {@code resumeFrom}. */
  Submitted submit(URI worker, CompactionJob job, String resumeFrom) throws IOException {
    HttpResponse<String> r =
        send(
            request(worker, "/jobs")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        CompactionWireFormat.encodeJob(job, resumeFrom)))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (r.statusCode() == 202) {
      return new Submitted(r.body().strip(), 202, "");
    }
    return new Submitted(null, r.statusCode(), r.body().strip());
  }

  /** The job's status; null if the worker does not know the handle (it restarted). */
  WorkerStatus status(URI worker, String handle) throws IOException {
    HttpResponse<String> r =
        send(
            request(worker, "/jobs/" + handle).GET().build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (r.statusCode() == 404) {
      return null;
    }
    if (r.statusCode() != 200) {
      throw new IOException(worker + ": status of " + handle + ": " + r.statusCode());
    }
    try {
      return WorkerStatus.parse(r.body());
    } catch (IllegalArgumentException e) {
      throw new IOException(worker + ": " + e.getMessage(), e);
    }
  }

  CompactionResult result(URI worker, String handle) throws IOException {
    HttpResponse<byte[]> r =
        send(
            request(worker, "/jobs/" + handle + "/result").GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IOException(worker + ": result of " + handle + ": " + r.statusCode());
    }
    return CompactionWireFormat.decodeResult(r.body(), "result of " + handle + " from " + worker);
  }

  /** Cancels or forgets the job; returns its status then, or null if the worker forgot it. */
  WorkerStatus cancel(URI worker, String handle) throws IOException {
    HttpResponse<String> r =
        send(
            request(worker, "/jobs/" + handle).DELETE().build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (r.statusCode() != 200) {
      return null;
    }
    try {
      return WorkerStatus.parse(r.body());
    } catch (IllegalArgumentException e) {
      throw new IOException(worker + ": " + e.getMessage(), e);
    }
  }

  private HttpRequest.Builder request(URI worker, String path) {
    return HttpRequest.newBuilder(worker.resolve(path))
        .timeout(requestTimeout)
        .header("Authorization", authorization);
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted calling " + request.uri());
    } catch (IOException e) {
      throw new IOException(request.uri() + ": " + e.getMessage(), e);
    }
  }
}
