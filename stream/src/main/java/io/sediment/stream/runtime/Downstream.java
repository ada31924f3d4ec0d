package io.sediment.stream.runtime;

import java.io.IOException;

/**
 * What an operator instance hands on besides records to the stage after it: watermarks, barriers
 * and the end of its input. The last stage has none ({@link #NONE}). Task thread only.
 */
interface Downstream {

  /** The last stage's: nothing is handed on. */
  Downstream NONE =
      new Downstream() {
        @Override
        public void watermark(long timestamp) {}

        @Override
        public void barrier(long checkpointId) {}

        @Override
        public void end() {}
      };

  /** The instance's watermark rose to {@code timestamp}; its timers up to it have fired. */
  void watermark(long timestamp) throws IOException;

  /** The instance took its part of checkpoint {@code checkpointId}. */
  void barrier(long checkpointId) throws IOException;

  /** The instance's input ended and every record of it finished. */
  void end() throws IOException;
}
