package org.idnet.identity.domain;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** A platform's imports of phone bindings it verified before joining idnet (docs/imports.md). */
public final class AccountImports {

  public static final int DEFAULT_PAGE = 100;
  public static final int MAX_PAGE = 1000;
  /** The contract's Idempotency-Key (idnet/api/v1/idempotency.proto). */
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,64}");

  private final ImportStore store;
  private final ImportReports reports;
  private final Clock clock;

  public AccountImports(ImportStore store, ImportReports reports, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.reports = Objects.requireNonNull(reports, "reports");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** @param idempotencyKey already checked against the contract's form by the caller's adapter */
  public ImportProgress create(String platformId, Optional<String> idempotencyKey) {
    idempotencyKey.ifPresent(key -> {
      if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
        throw new IllegalArgumentException("an idempotency key is 1-64 visible ASCII characters");
      }
    });
    return store.create(platform(platformId), idempotencyKey, clock.instant());
  }

  public BatchReceipt addBatch(ImportBatch batch) {
    platform(batch.platformId());
    return store.addBatch(batch, clock.instant());
  }

  public ImportProgress complete(String platformId, ImportId id) {
    return store.complete(platform(platformId), id, clock.instant());
  }

  public ImportProgress progress(String platformId, ImportId id) {
    return reports.progress(platform(platformId), id);
  }

  /**
   * One page of refused lines.
   *
   * @param pageSize 1-1000, or 0 for {@link #DEFAULT_PAGE}
   * @param afterLine 0 for the first page, else an answer's {@link RefusalPage#nextAfterLine()}
   */
  public RefusalPage refusals(String platformId, ImportId id, int pageSize, int afterLine) {
    if (pageSize < 0 || pageSize > MAX_PAGE) {
      throw IdentityException.invalid(FailureReason.INVALID_PAGE, "pageSize", "pageSize must be 0-" + MAX_PAGE);
    }
    if (afterLine < 0 || afterLine > ImportLine.MAX_LINE_NUMBER) {
      throw IdentityException.invalid(FailureReason.INVALID_PAGE, "afterLine",
          "afterLine must be 0-" + ImportLine.MAX_LINE_NUMBER);
    }
    int size = pageSize == 0 ? DEFAULT_PAGE : pageSize;
    List<LineRefusal> page = reports.refusals(platform(platformId), id, afterLine, size + 1);
    if (page.size() <= size) {
      return new RefusalPage(page, 0);
    }
    List<LineRefusal> shown = page.subList(0, size);
    return new RefusalPage(shown, shown.getLast().line());
  }

  private static String platform(String platformId) {
    // The platform id's one rule (AccountRef's); the account part is a placeholder.
    return new AccountRef(platformId, "import").platformId();
  }
}
