package io.sediment.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the log format written by {@link Op#text()}: one op per line; blank lines and lines
 * starting with {@code #} are ignored. Byte strings are {@link ByteText} literals; options are
 * {@code lo='..'}, {@code hi='..'}, {@code @N} (snapshot number), {@code limit=N}, {@code
 * moves=npn}.
 *
 * <pre>
 * put 'k\x00a' 'v'
 * batch put 'a' '1' ; delete-range 'b' 'c' ; merge 'a' 'x'
 * snapshot 1
 * scan rev lo='a' hi='m' @1 limit=5
 * seek le 'k' moves=ppn
 * checkpoint 1
 * restore 1 claim
 * key-groups 128
 * rescale 2 split 3 keep 1
 * rescale 6 merge
 * </pre>
 *
 * <p>Errors: {@link IllegalArgumentException} naming the line and what was wrong with it.
 */
public final class OpParser {

  private OpParser() {}

  /** Parses every op of a log text. */
  public static List<Op> parseLog(String text) {
    List<Op> ops = new ArrayList<>();
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        ops.add(parse(line));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return ops;
  }

  /** Parses one op line. */
  public static Op parse(String line) {
    Tokens t = new Tokens(line);
    Op op = parseOp(t, t.word());
    if (!t.atEnd()) {
      throw new IllegalArgumentException("unexpected text at " + t.pos + " in: " + line);
    }
    return op;
  }

  private static Op parseOp(Tokens t, String verb) {
    switch (verb) {
      case "put":
        return new Op.Put(t.bytes(), t.bytes());
      case "delete":
        return new Op.Delete(t.bytes());
      case "delete-range":
        return new Op.DeleteRange(t.bytes(), t.bytes());
      case "merge":
        return new Op.Merge(t.bytes(), t.bytes());
      case "batch":
        return parseBatch(t);
      case "get":
        {
          byte[] key = t.bytes();
          return new Op.Get(key, new Options(t, false).snapshot);
        }
      case "multi-get":
        {
          List<byte[]> keys = new ArrayList<>();
          while (!t.atEnd()) {
            keys.add(t.bytes());
          }
          return new Op.MultiGet(keys);
        }
      case "get-async":
        return new Op.GetAsync(t.bytes());
      case "scan":
        {
          boolean reverse = direction(t, "fwd", "rev");
          Options o = new Options(t, false);
          return new Op.Scan(reverse, o.lower, o.upper, o.snapshot, o.limit);
        }
      case "seek":
        {
          boolean forPrev = direction(t, "ge", "le");
          byte[] target = t.bytes();
          Options o = new Options(t, true);
          return new Op.Seek(forPrev, target, o.lower, o.upper, o.snapshot, o.moves);
        }
      case "snapshot":
        return new Op.TakeSnapshot(t.integer());
      case "release":
        return new Op.ReleaseSnapshot(t.integer());
      case "flush":
        return new Op.Flush();
      case "compact":
        {
          Options o = new Options(t, false);
          return new Op.CompactRange(o.lower, o.upper);
        }
      case "reopen":
        return new Op.Reopen();
      case "crash":
        return new Op.Crash();
      case "checkpoint":
        return new Op.Checkpoint(t.integer());
      case "discard":
        return new Op.Discard(t.integer());
      case "collect":
        return new Op.Collect();
      case "offline-discard":
        return new Op.OfflineDiscard(t.integer());
      case "restore":
        {
          long id = t.integer();
          return new Op.Restore(id, direction(t, "no-claim", "claim"));
        }
      case "key-groups":
        return new Op.DeclareKeyGroups(t.integer());
      case "rescale":
        {
          long id = t.integer();
          if (direction(t, "split", "merge")) {
            return new Op.RescaleMerge(id);
          }
          int parts = t.integer();
          if (!t.word().equals("keep")) {
            throw new IllegalArgumentException("expected 'keep' in: " + t.line);
          }
          return new Op.RescaleSplit(id, parts, t.integer());
        }
      default:
        throw new IllegalArgumentException("unknown op '" + verb + "' in: " + t.line);
    }
  }

  private static Op parseBatch(Tokens t) {
    List<Op.WriteOp> ops = new ArrayList<>();
    while (!t.atEnd()) {
      Op op = parseOp(t, t.word());
      if (!(op instanceof Op.WriteOp w)) {
        throw new IllegalArgumentException("only writes may be batched, not: " + op.text());
      }
      ops.add(w);
      if (!t.atEnd()) {
        t.expect(';');
      }
    }
    return new Op.Batch(ops);
  }

  private static boolean direction(Tokens t, String forward, String backward) {
    String w = t.word();
    if (w.equals(forward) || w.equals(backward)) {
      return w.equals(backward);
    }
    throw new IllegalArgumentException(
        "expected '" + forward + "' or '" + backward + "' but got '" + w + "' in: " + t.line);
  }

  /** The optional trailing options of read and compact ops. */
  private static final class Options {
    byte[] lower;
    byte[] upper;
    int snapshot = Execution.LATEST;
    int limit;
    String moves = "";

    Options(Tokens t, boolean allowMoves) {
      while (!t.atEnd() && !t.peekIs(';')) {
        String w = t.word();
        if (w.equals("lo=")) {
          lower = t.bytesAt();
        } else if (w.equals("hi=")) {
          upper = t.bytesAt();
        } else if (w.startsWith("@")) {
          snapshot = Tokens.number(w.substring(1), t.line);
        } else if (w.startsWith("limit=")) {
          limit = Tokens.number(w.substring(6), t.line);
        } else if (allowMoves && w.startsWith("moves=")) {
          moves = w.substring(6);
        } else {
          throw new IllegalArgumentException("unknown option '" + w + "' in: " + t.line);
        }
      }
    }
  }

  /** A cursor over one line: words, byte literals, ';'. */
  private static final class Tokens {
    final String line;
    int pos;

    Tokens(String line) {
      this.line = line;
      skipSpace();
    }

    boolean atEnd() {
      return pos >= line.length();
    }

    boolean peekIs(char c) {
      return !atEnd() && line.charAt(pos) == c;
    }

    void expect(char c) {
      if (!peekIs(c)) {
        throw new IllegalArgumentException("expected '" + c + "' at " + pos + " in: " + line);
      }
      pos++;
      skipSpace();
    }

    /** A bare word; a word ending in '=' stops there (its value follows). */
    String word() {
      int start = pos;
      while (!atEnd()) {
        char c = line.charAt(pos);
        if (Character.isWhitespace(c) || c == '\'' || c == ';') {
          break;
        }
        pos++;
        if (c == '=' && peekIs('\'')) {
          break;
        }
      }
      if (pos == start) {
        throw new IllegalArgumentException("expected a word at " + start + " in: " + line);
      }
      String w = line.substring(start, pos);
      if (!w.endsWith("=")) {
        skipSpace();
      }
      return w;
    }

    /** A byte literal right at the cursor (after "lo=" and such). */
    byte[] bytesAt() {
      int[] end = new int[1];
      byte[] b = ByteText.parse(line, pos, end);
      pos = end[0];
      skipSpace();
      return b;
    }

    byte[] bytes() {
      if (!peekIs('\'')) {
        throw new IllegalArgumentException(
            "expected a quoted byte string at " + pos + " in: " + line);
      }
      return bytesAt();
    }

    int integer() {
      return number(word(), line);
    }

    static int number(String s, String line) {
      try {
        int n = Integer.parseInt(s);
        if (n < 0) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "expected a non-negative number, got '" + s + "' in: " + line);
      }
    }

    private void skipSpace() {
      while (!atEnd() && Character.isWhitespace(line.charAt(pos))) {
        pos++;
      }
    }
  }
}
