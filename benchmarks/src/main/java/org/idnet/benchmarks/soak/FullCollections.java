package org.idnet.benchmarks.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idnet.benchmarks.observe.GcLog;

/**
 * The service JVMs' GC logs ({@code gc-<pid>.log}, named by bin/soak's {@code -Xlog:gc} option):
 * their full collections by service, the logs kept with the results.
 */
final class FullCollections {

  private FullCollections() {
  }

  static Map<String, List<GcLog.FullGc>> read(Path gcLogs, Map<String, Long> jvms, Path keep) throws IOException {
    Files.createDirectories(keep);
    Map<String, List<GcLog.FullGc>> byService = new LinkedHashMap<>();
    for (Map.Entry<String, Long> jvm : jvms.entrySet()) {
      List<String> lines = new ArrayList<>();
      String prefix = "gc-" + jvm.getValue() + ".log";
      try (var files = Files.list(gcLogs)) {
        for (Path log : files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList()) {
          lines.addAll(Files.readAllLines(log));
          Files.copy(log, keep.resolve(jvm.getKey() + "-" + log.getFileName()));
        }
      }
      byService.put(jvm.getKey(), GcLog.fullCollections(lines));
    }
    return byService;
  }
}
