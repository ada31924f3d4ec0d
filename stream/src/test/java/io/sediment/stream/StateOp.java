package io.sediment.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One generated state operation of a record, over every state kind, and whether it waits for the
 * operation before it (chained) or is issued at once (fire and forget).
 */
record StateOp(Kind kind, String ns, String text, long number, List<String> list, boolean await) {

  enum Kind {
    VGET,
    VPUT,
    VCLEAR,
    LGET,
    LADD,
    LADDALL,
    LUPDATE,
    LCLEAR,
    MGET,
    MPUT,
    MPUTNULL,
    MREMOVE,
    MCONTAINS,
    MENTRIES,
    MKEYS,
    MVALUES,
    MISEMPTY,
    MCLEAR,
    RGET,
    RADD,
    RCLEAR,
    AGET,
    AADD,
    ACLEAR;

    /** Loads lazily over several requests: the next operation must wait for it. */
    boolean iterates() {
      return this == MENTRIES || this == MKEYS || this == MVALUES || this == MISEMPTY;
    }
  }

  /** One to five operations; after an iteration the next one always waits. */
  static List<StateOp> generate(Random random) {
    int n = 1 + random.nextInt(5);
    List<StateOp> ops = new ArrayList<>(n);
    boolean mustWait = false;
    Kind[] kinds = Kind.values();
    for (int i = 0; i < n; i++) {
      Kind kind = kinds[random.nextInt(kinds.length)];
      List<String> list = new ArrayList<>();
      for (int j = random.nextInt(3); j > 0; j--) {
        list.add("e" + random.nextInt(100));
      }
      ops.add(
          new StateOp(
              kind,
              "n" + random.nextInt(2),
              "u" + random.nextInt(6),
              random.nextInt(1000) - 200,
              list,
              mustWait || random.nextBoolean()));
      mustWait = kind.iterates();
    }
    return ops;
  }
}
