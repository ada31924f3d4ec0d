/**
 * Manifests: complete, self-describing, CRC32C-checked snapshots of a store's durable state,
 * published as new immutable files by create-if-absent of a versioned name ({@code MANIFEST-<20
 * digits>}) and recovered by taking the newest complete one. Byte layout and recovery rules: {@code
 * docs/format/manifest.md}.
 */
package io.sediment.lsm.internal.manifest;
