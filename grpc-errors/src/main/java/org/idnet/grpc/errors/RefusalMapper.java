package org.idnet.grpc.errors;

import io.grpc.StatusRuntimeException;

/** A service's own refusals (its domain exceptions) as gRPC statuses. */
@FunctionalInterface
public interface RefusalMapper {

  /**
   * @param method the full gRPC method name, for log lines
   * @return the status for a refusal of this service, or null when {@code e} is not one
   */
  StatusRuntimeException map(String method, RuntimeException e);
}
