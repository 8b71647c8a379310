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
   * @param pageToken empty for the first page, else an answer's {@link RefusalPage#nextPageToken()}
   */
  public RefusalPage refusals(String platformId, ImportId id, int pageSize, String pageToken) {
    if (pageSize < 0 || pageSize > MAX_PAGE) {
      throw IdentityException.invalid(FailureReason.INVALID_PAGE, "pageSize", "pageSize must be 0-" + MAX_PAGE);
    }
    int size = pageSize == 0 ? DEFAULT_PAGE : pageSize;
    int after = afterLine(pageToken);
    List<LineRefusal> page = reports.refusals(platform(platformId), id, after, size + 1);
    if (page.size() <= size) {
      return new RefusalPage(page, "");
    }
    List<LineRefusal> shown = page.subList(0, size);
    return new RefusalPage(shown, Integer.toString(shown.getLast().line()));
  }

  private static int afterLine(String pageToken) {
    if (pageToken == null || pageToken.isEmpty()) {
      return 0;
    }
    if (!pageToken.matches("[1-9][0-9]{0,9}")) {
      throw IdentityException.invalid(FailureReason.INVALID_PAGE, "pageToken", "pageToken was not given by an answer");
    }
    long line = Long.parseLong(pageToken);
    if (line > ImportLine.MAX_LINE_NUMBER) {
      throw IdentityException.invalid(FailureReason.INVALID_PAGE, "pageToken", "pageToken was not given by an answer");
    }
    return (int) line;
  }

  private static String platform(String platformId) {
    // The platform id's one rule (AccountRef's); the account part is a placeholder.
    return new AccountRef(platformId, "import").platformId();
  }
}
