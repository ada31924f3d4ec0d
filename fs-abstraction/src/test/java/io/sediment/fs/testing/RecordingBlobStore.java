package io.sediment.fs.testing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.HttpResponse;
import org.gaul.s3proxy.blobstore.HttpResponseException;
import org.gaul.s3proxy.blobstore.domain.Blob;
import org.gaul.s3proxy.blobstore.domain.BlobMetadata;
import org.gaul.s3proxy.blobstore.domain.MultipartPart;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.gaul.s3proxy.blobstore.domain.PageSet;
import org.gaul.s3proxy.blobstore.domain.StorageMetadata;
import org.gaul.s3proxy.blobstore.options.CopyOptions;
import org.gaul.s3proxy.blobstore.options.GetOptions;
import org.gaul.s3proxy.blobstore.options.ListContainerOptions;
import org.gaul.s3proxy.blobstore.options.PutOptions;

/**
 * The blob store behind the in-process S3 server: it counts every request S3Proxy serves by {@link
 * S3RequestKind}, and fails chosen ones on demand, so tests can check what a store operation costs
 * and how the client copes with an S3 error.
 *
 * <p>Faults are queued per kind: {@link #failNext} answers the next requests of a kind with an HTTP
 * error status (503 is S3's throttling answer), {@link #cutNext} serves the next GETs' headers and
 * the first bytes of their body and then breaks the connection, as a network failure in
 * mid-response does. A request is counted whether or not it fails. Thread-safe.
 */
public final class RecordingBlobStore extends ForwardingBlobStore {

  private final AtomicLongArray counts = new AtomicLongArray(S3RequestKind.values().length);
  private final Map<S3RequestKind, Deque<Fault>> faults = new EnumMap<>(S3RequestKind.class);

  private record Fault(int status, long cutAfterBytes) {}

  private volatile long getLatencyNanos;
  private final AtomicLong bytesServed = new AtomicLong();

  /** Serves requests from {@code delegate}. */
  public RecordingBlobStore(BlobStore delegate) {
    super(delegate);
  }

  /** Requests of kind {@code kind} served so far. */
  public long count(S3RequestKind kind) {
    return counts.get(kind.ordinal());
  }

  /**
   * Bytes of GET response bodies read out to clients so far (not reset by {@link #resetCounts}).
   */
  public long bytesServed() {
    return bytesServed.get();
  }

  /** A copy of every counter, every kind present. */
  public Map<S3RequestKind, Long> counts() {
    Map<S3RequestKind, Long> copy = new EnumMap<>(S3RequestKind.class);
    for (S3RequestKind k : S3RequestKind.values()) {
      copy.put(k, count(k));
    }
    return copy;
  }

  /** Sets every counter back to zero. */
  public void resetCounts() {
    for (int i = 0; i < counts.length(); i++) {
      counts.set(i, 0);
    }
  }

  /**
   * Answers the next {@code times} requests of {@code kind} with HTTP status {@code status} and no
   * body, after counting them.
   *
   * @throws IllegalArgumentException if times is negative or status is not an error status
   */
  public void failNext(S3RequestKind kind, int times, int status) {
    if (times < 0 || status < 400 || status > 599) {
      throw new IllegalArgumentException(
          "need times >= 0 and an HTTP error status: times " + times + ", status " + status);
    }
    enqueue(kind, times, new Fault(status, -1));
  }

  /**
   * Serves the next {@code times} GETs (whole or ranged) with at most {@code afterBytes} bytes of
   * their body, then breaks the connection.
   *
   * @throws IllegalArgumentException if times or afterBytes is negative
   */
  public void cutNext(int times, long afterBytes) {
    if (times < 0 || afterBytes < 0) {
      throw new IllegalArgumentException(
          "need times >= 0 and afterBytes >= 0: " + times + ", " + afterBytes);
    }
    enqueue(S3RequestKind.GET, times, new Fault(0, afterBytes));
    enqueue(S3RequestKind.GET_RANGE, times, new Fault(0, afterBytes));
  }

  /**
   * Makes every later GET (whole or ranged) wait {@code nanos} before it is answered, as a remote
   * store's time to first byte does (0: none). Concurrent GETs wait side by side, as on S3.
   *
   * @throws IllegalArgumentException if {@code nanos} is negative
   */
  public void setGetLatencyNanos(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("negative GET latency " + nanos + " ns");
    }
    getLatencyNanos = nanos;
  }

  /** Drops every queued fault. */
  public synchronized void clearFaults() {
    faults.clear();
  }

  private synchronized void enqueue(S3RequestKind kind, int times, Fault f) {
    Deque<Fault> q = faults.computeIfAbsent(kind, k -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      q.add(f);
    }
  }

  /** Counts one request of {@code kind}; throws its queued error status, or returns its cut. */
  private Fault request(S3RequestKind kind) {
    counts.incrementAndGet(kind.ordinal());
    Fault f;
    synchronized (this) {
      Deque<Fault> q = faults.get(kind);
      f = q == null ? null : q.poll();
    }
    if (f != null && f.status > 0) {
      throw new HttpResponseException(
          "injected HTTP " + f.status + " for a " + kind, new HttpResponse(f.status));
    }
    return f;
  }

  @Override
  public PageSet<? extends StorageMetadata> list() {
    request(S3RequestKind.BUCKET);
    return super.list();
  }

  @Override
  public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
    request(S3RequestKind.LIST);
    return super.list(container, options);
  }

  @Override
  public boolean containerExists(String container) {
    request(S3RequestKind.BUCKET);
    return super.containerExists(container);
  }

  @Override
  public boolean blobExists(String container, String name) {
    request(S3RequestKind.HEAD);
    return super.blobExists(container, name);
  }

  @Override
  public String putBlob(String container, Blob blob, PutOptions options) {
    request(S3RequestKind.PUT);
    return super.putBlob(container, blob, options);
  }

  @Override
  public String copyBlob(
      String fromContainer,
      String fromName,
      String toContainer,
      String toName,
      CopyOptions options) {
    request(S3RequestKind.COPY);
    return super.copyBlob(fromContainer, fromName, toContainer, toName, options);
  }

  @Override
  public BlobMetadata blobMetadata(String container, String name) {
    request(S3RequestKind.HEAD);
    return super.blobMetadata(container, name);
  }

  @Override
  public Blob getBlob(String container, String name, GetOptions options) {
    boolean ranged = options != null && !options.ranges().isEmpty();
    Fault f = request(ranged ? S3RequestKind.GET_RANGE : S3RequestKind.GET);
    long latency = getLatencyNanos;
    if (latency > 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(latency);
    }
    Blob blob = super.getBlob(container, name, options);
    if (blob == null) {
      return null;
    }
    InputStream body = new CountedStream(blob.getPayload(), bytesServed);
    if (f != null) {
      body = new CutStream(body, f.cutAfterBytes);
    }
    return blob.toBuilder().payload(body).build();
  }

  @Override
  public void removeBlob(String container, String name) {
    request(S3RequestKind.DELETE);
    super.removeBlob(container, name);
  }

  @Override
  public void removeBlobs(String container, Iterable<String> names) {
    request(S3RequestKind.DELETE);
    super.removeBlobs(container, names);
  }

  @Override
  public MultipartUpload initiateMultipartUpload(
      String container, BlobMetadata blobMetadata, PutOptions options) {
    request(S3RequestKind.MULTIPART);
    return super.initiateMultipartUpload(container, blobMetadata, options);
  }

  @Override
  public void abortMultipartUpload(MultipartUpload mpu) {
    request(S3RequestKind.MULTIPART);
    super.abortMultipartUpload(mpu);
  }

  @Override
  public String completeMultipartUpload(MultipartUpload mpu, List<MultipartPart> parts) {
    request(S3RequestKind.MULTIPART);
    return super.completeMultipartUpload(mpu, parts);
  }

  @Override
  public MultipartPart uploadMultipartPart(
      MultipartUpload mpu,
      int partNumber,
      InputStream payload,
      long length,
      com.google.common.hash.HashCode md5) {
    request(S3RequestKind.MULTIPART);
    return super.uploadMultipartPart(mpu, partNumber, payload, length, md5);
  }

  @Override
  public List<MultipartUpload> listMultipartUploads(String container) {
    request(S3RequestKind.MULTIPART);
    return super.listMultipartUploads(container);
  }

  /** A body that counts the bytes read from it. */
  private static final class CountedStream extends FilterInputStream {
    private final AtomicLong counter;

    CountedStream(InputStream in, AtomicLong counter) {
      super(in);
      this.counter = counter;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        counter.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        counter.addAndGet(n);
      }
      return n;
    }
  }

  /** A body that ends in an I/O error after a number of bytes: the server drops the connection. */
  private static final class CutStream extends FilterInputStream {
    private long left;

    CutStream(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        throw cut();
      }
      int b = super.read();
      left--;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        throw cut();
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    private static IOException cut() {
      return new IOException("injected connection cut in the middle of a response body");
    }
  }
}
