package org.idnet.identity.domain;

import java.time.LocalDate;

/**
 * The national population register, asked one yes-or-no question. It never says which field was
 * wrong, and neither does anything built on it.
 */
public interface PopulationRegister {

  /**
   * Whether the register holds a citizen with this number, name and date of birth.
   *
   * @throws PopulationRegisterUnavailableException if the register cannot answer now (down, slow,
   *     a broken answer, or calls suspended after repeated failures); never a "no"
   */
  boolean confirms(CitizenId id, PersonName name, LocalDate dateOfBirth);
}
