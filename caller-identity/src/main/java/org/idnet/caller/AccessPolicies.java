package org.idnet.caller;

import com.google.protobuf.Descriptors;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import java.util.Optional;
import org.idnet.api.v1.AccessPolicy;
import org.idnet.api.v1.AccessProto;

/** Reads the {@code (idnet.api.v1.access)} option that the proto contract declares on a method. */
public final class AccessPolicies {

  private AccessPolicies() {
  }

  /** The declared policy, or empty when the method has none (and is therefore denied). */
  public static Optional<AccessPolicy> of(Descriptors.MethodDescriptor method) {
    if (!method.getOptions().hasExtension(AccessProto.access)) {
      return Optional.empty();
    }
    return Optional.of(method.getOptions().getExtension(AccessProto.access));
  }

  /** The declared policy of a grpc-java method, when it was generated from a proto file. */
  public static Optional<AccessPolicy> of(MethodDescriptor<?, ?> method) {
    if (method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier supplier) {
      return of(supplier.getMethodDescriptor());
    }
    return Optional.empty();
  }
}
