package org.idnet.importer;

import java.util.List;
import org.idnet.client.imports.ImportLine;

/** The {@code number}-th chunk of the file's sendable lines, in file order (numbers from 1). */
public record Batch(int number, List<ImportLine> lines) {

  public Batch {
    lines = List.copyOf(lines);
  }

  int firstLine() {
    return lines.get(0).line();
  }

  int lastLine() {
    return lines.get(lines.size() - 1).line();
  }
}
