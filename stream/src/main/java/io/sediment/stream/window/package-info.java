/**
 * Windows on the stream runtime: {@link io.sediment.stream.window.WindowAssigner} (tumbling,
 * sliding and session windows, in event or processing time), {@link
 * io.sediment.stream.window.WindowOperator} (incremental aggregation or full-window functions,
 * firing at window end, allowed lateness, late data dropped or sent to a side output, state cleaned
 * once a window is past its lateness), with all state in the operator instance's store.
 *
 * <p>Windows are state namespaces: the contents of key {@code k}'s window {@code [s, e)} are the
 * state {@code <name>/contents} of {@code k} in namespace {@code [s: 8][e: 8]}. Timers are the
 * runtime's, one per key and time, so a window is found again from a timer's time: directly for
 * fixed-size windows, through the key's window set for sessions.
 */
package io.sediment.stream.window;
