package io.sediment.fs.testing;

/**
 * The kinds of request an S3 server bills for, as the in-process server ({@link InProcessS3}) sees
 * them at its blob-store interface: one per request it serves.
 */
public enum S3RequestKind {
  /** GET of a whole object. */
  GET,
  /** GET of a byte range of an object. */
  GET_RANGE,
  /** PUT of a whole object (a single-part upload). */
  PUT,
  /** HEAD of an object (its metadata). */
  HEAD,
  /** LIST of a bucket's keys under a prefix (one page). */
  LIST,
  /** DELETE of one object, or one multi-object delete request. */
  DELETE,
  /** Server-side COPY of an object. */
  COPY,
  /** One step of a multipart upload: initiate, upload part, complete, abort or list. */
  MULTIPART,
  /** Bucket-level requests: existence checks, creation, access control. */
  BUCKET
}
