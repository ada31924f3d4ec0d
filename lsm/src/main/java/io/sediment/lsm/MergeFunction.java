package io.sediment.lsm;

import java.util.List;

/**
 * Folds merge operands ({@code Db.merge(key, operand)}) into a value, the way RocksDB's merge
 * operator does: reads and compactions call it instead of storing read-modify-write results.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>Deterministic and free of side effects: the same inputs give the same bytes, whichever read
 *       or compaction calls it, on whichever thread, in whichever process (remote compaction runs
 *       it elsewhere).
 *   <li>Associative in the sense that a {@link #partialMerge} result, when offered, stands for its
 *       operands: {@code fullMerge(k, b, [p1..pn])} equals {@code fullMerge(k, b, [partial(p1..pi),
 *       p(i+1)..pn])}.
 *   <li>Thread-safe: one instance serves concurrent reads and compactions.
 *   <li>Must not modify or keep the arrays it is given: they may be reused by the caller.
 * </ul>
 *
 * <p>Errors: an exception thrown here propagates to the read that needed the value (as is) or fails
 * the compaction (which then leaves its inputs in place).
 */
public interface MergeFunction {

  /**
   * Stable identifier, recorded in the store's manifest; reopening a store with a merge function of
   * another name is refused.
   */
  String name();

  /**
   * The value of {@code key} given its base and the operands written on top of it.
   *
   * @param key the user key
   * @param base the value the operands apply to, or null when the key had no value (never written,
   *     or deleted)
   * @param operands operands oldest first, at least one
   * @return the merged value, never null
   */
  byte[] fullMerge(byte[] key, byte[] base, List<byte[]> operands);

  /**
   * Combines consecutive operands into one operand, without knowing the base; lets compaction
   * shrink long operand chains whose base lies in an older file.
   *
   * @param operands at least two operands, oldest first
   * @return the combined operand, or null when these operands cannot be combined (the default)
   */
  default byte[] partialMerge(byte[] key, List<byte[]> operands) {
    return null;
  }
}
