package io.sediment.fuzz;

import io.sediment.fs.wrap.FaultInjectingFileSystem;
import io.sediment.fs.wrap.FsOp;
import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The fault-injecting file system of {@link FaultController}: a {@link FaultInjectingFileSystem}
 * (same durability model: unsynced bytes are held back and a crash drops them) that also asks its
 * controller before every operation, so that one seeded schedule fails operations on every file
 * system instance the stores, the checkpoint storage and restores open. Selected through the
 * configuration {@link FaultController#configuration()} makes ({@code faulty+<scheme>} URIs).
 */
public class ControlledFaultFileSystem extends FaultInjectingFileSystem {

  private FaultController controller;

  /** For Hadoop's reflective construction by scheme. */
  public ControlledFaultFileSystem() {}

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    super.initialize(name, conf);
    if (controller == null) {
      if (!(conf instanceof FaultController.ControlledConfiguration c)) {
        throw new IOException(
            "no fault controller for "
                + name
                + ": open it with the configuration of FaultController.configuration()");
      }
      controller = c.controller();
      controller.register(this);
    }
  }

  @Override
  protected void beforeOp(FsOp op, Path path, long bytes) throws IOException {
    if (controller != null) {
      controller.beforeOp(op, path);
    }
    super.beforeOp(op, path, bytes);
  }

  @Override
  public void close() throws IOException {
    if (controller != null) {
      controller.unregister(this);
    }
    super.close();
  }
}
