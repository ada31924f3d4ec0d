package io.sediment.lsm;

/** Argument checks shared by the public types of this package. */
final class Checks {

  private Checks() {}

  /**
   * Returns {@code value}.
   *
   * @throws IllegalArgumentException naming {@code name} if {@code value} is null
   */
  static <T> T notNull(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    return value;
  }
}
