package org.idnet.disclosure.requests.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Sealed disclosure packages. Call inside {@link Transactions}. */
public interface PackageStore {

  void insert(SealedPackage sealedPackage);

  Optional<SealedPackage> find(UUID requestId);

  /** Deletes up to {@code limit} packages expired at {@code now}, skipping rows another replica holds. */
  List<DeletedPackage> deleteExpired(Instant now, int limit);
}
