package io.sediment.stream.changelog;

/**
 * What a changelog row does to the result it describes, with Flink's four kinds and their short
 * strings. An update is a pair: {@link #UPDATE_BEFORE} retracts the old row of a key, {@link
 * #UPDATE_AFTER} adds its new row; a consumer that keeps one row per key (an upsert table) may skip
 * the retraction.
 */
public enum RowKind {
  /** {@code +I}: a new row. */
  INSERT("+I", (byte) 0),
  /** {@code -U}: the row as it was before an update (a retraction). */
  UPDATE_BEFORE("-U", (byte) 1),
  /** {@code +U}: the row as it is after an update. */
  UPDATE_AFTER("+U", (byte) 2),
  /** {@code -D}: the row is gone. */
  DELETE("-D", (byte) 3);

  private final String shortString;
  private final byte code;

  RowKind(String shortString, byte code) {
    this.shortString = shortString;
    this.code = code;
  }

  /** {@code +I}, {@code -U}, {@code +U} or {@code -D}. */
  public String shortString() {
    return shortString;
  }

  /** Whether the row is added to the result ({@code +I}, {@code +U}) rather than taken out. */
  public boolean isAdditive() {
    return this == INSERT || this == UPDATE_AFTER;
  }

  /** The kind's stable one-byte code (0 to 3, in declaration order), as serialized. */
  public byte code() {
    return code;
  }

  /**
   * The kind of {@code code}.
   *
   * @throws IllegalArgumentException naming the code if it is not 0 to 3
   */
  public static RowKind ofCode(byte code) {
    if (code < 0 || code > 3) {
      throw new IllegalArgumentException("not a row kind code: " + code);
    }
    return values()[code];
  }

  /**
   * The kind whose short string is {@code shortString}.
   *
   * @throws IllegalArgumentException naming the string if it is none of the four
   */
  public static RowKind ofShortString(String shortString) {
    for (RowKind k : values()) {
      if (k.shortString.equals(shortString)) {
        return k;
      }
    }
    throw new IllegalArgumentException("not a row kind: " + shortString);
  }
}
