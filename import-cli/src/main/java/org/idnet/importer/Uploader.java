package org.idnet.importer;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.Optional;
import org.idnet.client.IdnetClient;
import org.idnet.client.errors.IdnetProblemException;
import org.idnet.client.imports.AccountImport;
import org.idnet.client.imports.BatchReceipt;
import org.idnet.client.imports.ImportStatus;

/**
 * One run: opens the import (or finds the one to resume), sends the batches in order, completes
 * it, and watches GetImport until it is DONE.
 *
 * <p>Resuming asks GetImport: an import still OPEN with n batches received gets batch n again (its
 * answer may be what was lost; idnet answers a repeat with the first receipt, and a batch that
 * differs with 409 {@code batch-differs}, which says the file or the batch size is not the one first
 * used) and then n+1 onwards. The uploader sends in order, one at a time, so n received means
 * batches 1..n. A completed import gets nothing, only watched.
 */
final class Uploader {

  private final IdnetClient idnet;
  private final Patience patience;
  private final Display display;
  private final InstantSource clock;
  private final Duration pollInterval;

  Uploader(IdnetClient idnet, Patience patience, Display display, InstantSource clock, Duration pollInterval) {
    this.idnet = idnet;
    this.patience = patience;
    this.display = display;
    this.clock = clock;
    this.pollInterval = pollInterval;
  }

  /** Opens a new import; its id is said at once, with how to resume it. */
  String open(String file) {
    // Not wrapped in Patience: the client retries it under one Idempotency-Key; a retry here
    // would carry another key and could open a second import.
    String id = idnet.createImport().id();
    display.say("opened import " + id + "; if this run stops, continue it with: idnet-import --resume " + id + " "
        + file);
    return id;
  }

  /** Sends what the import lacks, completes it, and answers its state once DONE. */
  AccountImport upload(String importId, ImportFile file, ImportFile.Scan scan, boolean resuming) {
    int from = 1;
    boolean completed = false;
    if (resuming) {
      AccountImport state = patience.call("reading import " + importId, () -> idnet.getImport(importId));
      int received = state.batchesReceived();
      if (received > scan.batches() || state.linesReceived() != scan.linesInFirst(received)) {
        throw new UploadException("import " + importId + " holds " + Progress.count(state.linesReceived())
            + " lines in " + received + " batches, but the first " + received + " batches of this file hold "
            + Progress.count(scan.linesInFirst(received)) + " (the file makes " + scan.batches()
            + "): not the file it was started with, or another --batch-size");
      }
      completed = state.status() != ImportStatus.OPEN;
      if (completed && received != scan.batches()) {
        throw new UploadException("import " + importId + " was completed with " + received
            + " batches, and this file makes " + scan.batches() + ": not the file it was started with");
      }
      from = Math.max(1, received);
      display.say("import " + importId + " is " + state.status() + " with " + received + " of " + scan.batches()
          + " batches received" + (completed ? "" : "; sending from batch " + from));
    }
    if (!completed) {
      send(importId, file, scan, from);
      patience.call("completing import " + importId, () -> idnet.completeImport(importId));
    }
    return watch(importId);
  }

  private void send(String importId, ImportFile file, ImportFile.Scan scan, int from) {
    long sent = scan.linesInFirst(from - 1);
    Iterator<Batch> batches = file.batches();
    while (batches.hasNext()) {
      Batch batch = batches.next();
      if (batch.number() < from) {
        continue;
      }
      BatchReceipt receipt;
      try {
        receipt = patience.call("batch " + batch.number(),
            () -> idnet.addImportBatch(importId, batch.number(), batch.lines()));
      } catch (IdnetProblemException e) {
        if ("batch-differs".equals(e.code()) || "line-numbers-overlap".equals(e.code())) {
          throw new UploadException("import " + importId + " already holds other lines under batch " + batch.number()
              + " (" + e.code() + "): not the file it was started with, or another --batch-size");
        }
        if ("import-completed".equals(e.code())) {
          throw new UploadException("import " + importId + " is completed and takes no batch " + batch.number());
        }
        throw e;
      }
      if (receipt.lineCount() != batch.lines().size() || receipt.firstLine() != batch.firstLine()
          || receipt.lastLine() != batch.lastLine()) {
        throw new UploadException("import " + importId + " answered batch " + batch.number() + " with lines "
            + receipt.firstLine() + "-" + receipt.lastLine() + " (" + receipt.lineCount() + "), this file's are "
            + batch.firstLine() + "-" + batch.lastLine() + " (" + batch.lines().size() + ")");
      }
      sent += batch.lines().size();
      display.progress(Progress.upload(batch.number(), scan.batches(), sent, scan.sendable()));
    }
    display.endPhase();
  }

  private AccountImport watch(String importId) {
    Progress.Speed speed = new Progress.Speed(Duration.ofSeconds(10));
    while (true) {
      AccountImport state = patience.call("reading import " + importId, () -> idnet.getImport(importId));
      Optional<Double> rate = speed.add(clock.instant(), state.linesBound() + state.linesRefused());
      display.progress(Progress.processing(state, rate));
      if (state.status() == ImportStatus.DONE) {
        display.endPhase();
        return state;
      }
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UploadException("interrupted while watching import " + importId + "; watch it again with --resume "
            + importId);
      }
    }
  }
}
