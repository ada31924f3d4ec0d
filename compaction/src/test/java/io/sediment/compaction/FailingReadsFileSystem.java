package io.sediment.compaction;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/** A local file system on which every open of an SST for reading fails, as a broken DFS would. */
public class FailingReadsFileSystem extends RawLocalFileSystem {

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    if (f.getName().endsWith(".sst")) {
      throw new IOException("injected read failure: " + f);
    }
    return super.open(f, bufferSize);
  }
}
