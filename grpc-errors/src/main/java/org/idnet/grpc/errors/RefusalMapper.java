package org.idnet.grpc.errors;

import io.grpc.StatusRuntimeException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A service's own refusals (its domain exceptions) as gRPC statuses. */
@FunctionalInterface
public interface RefusalMapper {

  /**
   * @param method the full gRPC method name, for log lines
   * @return the status for a refusal of this service, or null when {@code e} is not one
   */
  StatusRuntimeException map(String method, RuntimeException e);

  /**
   * The mapper of a service whose refusals are the exceptions of {@code type}: each answers its
   * {@code status}; an {@code outage} (a store or another dependency could not answer) is worth a
   * warning naming the method, the {@code reason} and the cause by type and frame (never by
   * message), a refusal is not.
   */
  static <E extends RuntimeException> RefusalMapper of(Class<E> type, Function<E, StatusRuntimeException> status,
      Predicate<E> outage, Function<E, String> reason) {
    Logger log = LoggerFactory.getLogger(RefusalMapper.class);
    return (method, e) -> {
      if (!type.isInstance(e)) {
        return null;
      }
      E refusal = type.cast(e);
      if (outage.test(refusal)) {
        log.warn("{}: {}: {}", method, reason.apply(refusal), Throwables.summary(refusal.getCause()));
      }
      return status.apply(refusal);
    };
  }
}
