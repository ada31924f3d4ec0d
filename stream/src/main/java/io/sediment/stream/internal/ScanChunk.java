package io.sediment.stream.internal;

import java.util.List;

/**
 * Entries a SCAN found, in key order, and whether the range holds more after the last one.
 *
 * @param keys stored keys
 * @param values their values
 * @param more whether entries remain after the last key
 */
public record ScanChunk(List<byte[]> keys, List<byte[]> values, boolean more) {}
