package org.idnet.disclosure.audit.api;

import java.util.function.Supplier;
import org.idnet.disclosure.audit.domain.AuditStoreUnavailableException;
import org.idnet.disclosure.audit.domain.InvalidAuditQueryException;
import org.idnet.disclosure.requests.domain.DisclosureException;

/**
 * The audit log's refusals in the service's one error vocabulary, so the shared
 * {@code ErrorMappingInterceptor} answers them like every other refusal of disclosure-service
 * (invalid-request with the field, store-unavailable). Anything else passes through to become a
 * generic INTERNAL there.
 */
final class AuditRefusals {

  private AuditRefusals() {
  }

  static <T> T translate(Supplier<T> handler) {
    try {
      return handler.get();
    } catch (InvalidAuditQueryException e) {
      throw DisclosureException.invalid(e.field(), e.getMessage());
    } catch (AuditStoreUnavailableException e) {
      throw DisclosureException.storeUnavailable(e.getCause());
    }
  }
}
