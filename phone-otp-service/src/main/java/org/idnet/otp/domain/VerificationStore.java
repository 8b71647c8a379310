package org.idnet.otp.domain;

import java.util.Optional;

/** Where verifications live (the phone inside encrypted, the code only as its hash). */
public interface VerificationStore {

  void insert(Verification verification);

  Optional<Verification> find(String id);

  /** Removes a verification whose SMS could not be sent, so nothing half-made stays behind. */
  void delete(String id);
}
