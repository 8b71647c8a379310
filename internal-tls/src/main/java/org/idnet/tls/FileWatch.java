package org.idnet.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Files that are read together, and read again when any of their modification times changes
 * (cert-manager's secret volume swaps a symbolic link, so the times seen through it change at
 * once). A failed re-read keeps what was loaded before and is tried again on the next change.
 */
final class FileWatch {

  /** Reads the files into the credentials in use. */
  @FunctionalInterface
  interface Load {
    void run() throws IOException, GeneralSecurityException;
  }

  private static final System.Logger LOG = System.getLogger(FileWatch.class.getName());

  private final Load load;
  private final Path[] files;
  private long[] loaded;

  FileWatch(Load load, Path... files) {
    this.load = load;
    this.files = files.clone();
  }

  /** The first read: a failure is the caller's to report (the process must not start without it). */
  void load() throws IOException, GeneralSecurityException {
    long[] times = times();
    load.run();
    loaded = times;
  }

  void reloadIfChanged() {
    try {
      long[] times = times();
      if (Arrays.equals(times, loaded)) {
        return;
      }
      load.run();
      loaded = times;
      LOG.log(System.Logger.Level.INFO, "re-read {0}", Arrays.toString(files));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      // The exception's type only: no message text of a caught exception reaches a log (issue 11).
      LOG.log(System.Logger.Level.WARNING, "could not re-read " + Arrays.toString(files)
          + "; still using the previous credentials (" + e.getClass().getName() + ")");
    }
  }

  private long[] times() throws IOException {
    long[] times = new long[files.length];
    for (int i = 0; i < files.length; i++) {
      times[i] = Files.getLastModifiedTime(files[i]).toMillis();
    }
    return times;
  }
}
