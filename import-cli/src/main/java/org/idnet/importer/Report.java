package org.idnet.importer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.idnet.client.IdnetClient;
import org.idnet.client.imports.AccountImport;
import org.idnet.client.imports.LineRefusal;
import org.idnet.client.imports.RefusalPage;

/**
 * The end of a run: the summary on standard output, and the refused lines in a file when asked.
 * Line numbers and reason words only: never an account id or a phone number.
 */
final class Report {

  private Report() {
  }

  /** The summary: where the file's lines ended up. */
  static void summary(PrintStream out, AccountImport state, ImportFile.Scan scan) {
    out.println("import " + state.id() + ": " + state.status());
    out.println(row("lines in the file", scan.lines()) + " (" + Progress.count(scan.blank()) + " blank)");
    out.println(row("not sent (uploader)", scan.notSent()));
    scan.notSentByReason().forEach((reason, count) -> out.println(row("  " + reason, count)));
    out.println(row("sent", state.linesReceived()));
    out.println(row("bound", state.linesBound()));
    out.println(row("refused (idnet)", state.linesRefused()));
    new TreeMap<>(state.refusals()).forEach((reason, count) -> out.println(row("  " + reason, count)));
    if (state.linesRemaining() > 0) {
      out.println(row("not yet processed", state.linesRemaining()));
    }
  }

  private static String row(String label, long value) {
    return String.format(java.util.Locale.ROOT, "%-28s %12s", label, Progress.count(value));
  }

  /**
   * Writes {@code line,reason,by} for every line not bound: idnet's refusals (paged from
   * ListImportRefusals) and the uploader's own, merged by line number. Answers how many.
   */
  static long refusals(Path file, IdnetClient idnet, Patience patience, String importId, ImportFile.Scan scan)
      throws IOException {
    long written = 0;
    try (Stream<LineProblem> problems = scan.problems();
        BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      Iterator<LineProblem> local = problems.iterator();
      LineProblem nextLocal = local.hasNext() ? local.next() : null;
      writer.write("line,reason,by\n");
      int after = 0;
      do {
        int from = after;
        RefusalPage page = patience.call("reading the refusals of " + importId,
            () -> idnet.listImportRefusals(importId, 1000, from));
        for (LineRefusal refusal : page.refusals()) {
          while (nextLocal != null && nextLocal.line() < refusal.line()) {
            writer.write(nextLocal.line() + "," + nextLocal.reason() + ",uploader\n");
            written++;
            nextLocal = local.hasNext() ? local.next() : null;
          }
          writer.write(refusal.line() + "," + refusal.reason() + ",idnet\n");
          written++;
        }
        after = page.nextAfterLine();
      } while (after != 0);
      while (nextLocal != null) {
        writer.write(nextLocal.line() + "," + nextLocal.reason() + ",uploader\n");
        written++;
        nextLocal = local.hasNext() ? local.next() : null;
      }
    }
    return written;
  }
}
