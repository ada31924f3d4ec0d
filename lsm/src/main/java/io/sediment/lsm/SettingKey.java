package io.sediment.lsm;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One setting of {@link DbSettings}: its key in the text form, its default, how its value is
 * checked, and how it is written and read as text. Everything about a setting is declared once, in
 * its key; {@link DbSettings} stores, compares, prints and parses every setting through its key.
 *
 * <p>A nullable setting (an optional value such as a directory) defaults to null and writes null as
 * an empty value ({@code key=}); a non-null setting rejects null and the empty value.
 *
 * @param <T> the value's type: immutable, with value equality
 */
final class SettingKey<T> {

  private final String name;
  private final int index;
  private final T defaultValue;
  private final boolean nullable;
  private final Function<String, T> parser;
  private final Function<T, String> formatter;
  private final Consumer<T> check;

  /**
   * @param name the key in the text form
   * @param defaultValue the default (null only if {@code nullable})
   * @param nullable whether null is a valid value (meaning "none")
   * @param parser reads a non-empty text; throws {@link IllegalArgumentException} (any message) or
   *     a {@link RuntimeException} of the underlying parser on malformed text
   * @param formatter writes a non-null value so that {@code parser} reads it back to an equal value
   * @param check throws {@link IllegalArgumentException} naming the value if a non-null value is
   *     out of range
   */
  SettingKey(
      String name,
      T defaultValue,
      boolean nullable,
      Function<String, T> parser,
      Function<T, String> formatter,
      Consumer<T> check) {
    this(name, -1, defaultValue, nullable, parser, formatter, check);
  }

  private SettingKey(
      String name,
      int index,
      T defaultValue,
      boolean nullable,
      Function<String, T> parser,
      Function<T, String> formatter,
      Consumer<T> check) {
    this.name = name;
    this.index = index;
    this.nullable = nullable;
    this.parser = parser;
    this.formatter = formatter;
    this.check = check;
    this.defaultValue = checked(defaultValue);
  }

  /** A number of bytes, a count or a size in {@code [min, max]}. */
  static SettingKey<Long> longKey(String name, long defaultValue, long min, long max) {
    return new SettingKey<>(
        name, defaultValue, false, Long::valueOf, String::valueOf, v -> inRange(name, v, min, max));
  }

  /** An int in {@code [min, max]}. */
  static SettingKey<Integer> intKey(String name, int defaultValue, int min, int max) {
    return new SettingKey<>(
        name,
        defaultValue,
        false,
        Integer::valueOf,
        String::valueOf,
        v -> inRange(name, v, min, max));
  }

  /** A switch, written {@code true} or {@code false} (nothing else parses). */
  static SettingKey<Boolean> booleanKey(String name, boolean defaultValue) {
    return new SettingKey<>(
        name, defaultValue, false, SettingKey::parseBoolean, String::valueOf, v -> {});
  }

  /** A constant of {@code type}, written by its name (parsed ignoring case). */
  static <E extends Enum<E>> SettingKey<E> enumKey(String name, Class<E> type, E defaultValue) {
    return new SettingKey<>(
        name,
        defaultValue,
        false,
        text -> Enum.valueOf(type, text.toUpperCase(Locale.ROOT)),
        Enum::name,
        v -> {});
  }

  /** A non-negative duration, written in ISO-8601 ({@code PT30S}). */
  static SettingKey<Duration> durationKey(String name, Duration defaultValue) {
    return new SettingKey<>(
        name,
        defaultValue,
        false,
        Duration::parse,
        Duration::toString,
        v -> {
          if (v.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + v);
          }
        });
  }

  /** An optional local path (null: none). */
  static SettingKey<Path> pathKey(String name) {
    return new SettingKey<>(name, null, true, Path::of, Path::toString, v -> {});
  }

  String name() {
    return name;
  }

  /** This key at position {@code index} of its settings' values. */
  SettingKey<T> at(int index) {
    return new SettingKey<>(name, index, defaultValue, nullable, parser, formatter, check);
  }

  /** The position of this key's value among its settings' values (-1 before {@link #at}). */
  int index() {
    return index;
  }

  T defaultValue() {
    return defaultValue;
  }

  boolean nullable() {
    return nullable;
  }

  /**
   * {@code value} if it is valid for this setting.
   *
   * @throws IllegalArgumentException naming the setting and the value when it is out of range, or
   *     null for a setting that is not nullable
   */
  T checked(T value) {
    if (value == null) {
      if (!nullable) {
        throw new IllegalArgumentException(name + " must not be null");
      }
      return null;
    }
    check.accept(value);
    return value;
  }

  /**
   * The value written as {@code text} (already unescaped), checked.
   *
   * @throws IllegalArgumentException naming the setting and the text when it does not parse or is
   *     out of range
   */
  T parse(String text) {
    if (text.isEmpty()) {
      if (nullable) {
        return null;
      }
      throw new IllegalArgumentException("setting " + name + " needs a value");
    }
    T value;
    try {
      value = parser.apply(text);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "setting " + name + ": cannot read '" + text + "' (" + e.getMessage() + ")", e);
    }
    return checked(value);
  }

  /** The value as text (not yet escaped): empty for null. */
  String format(T value) {
    return value == null ? "" : formatter.apply(value);
  }

  /** {@code value} typed as this key's values; the caller stored it through this key. */
  @SuppressWarnings("unchecked") // every value stored under a key passed that key's checked()
  T cast(Object value) {
    return (T) value;
  }

  private static boolean parseBoolean(String text) {
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("expected true or false");
  }

  private static void inRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "]: " + value);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
