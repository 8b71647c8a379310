package org.idnet.identity.api;

import java.time.LocalDate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.domain.CitizenId;
import org.idnet.identity.domain.PersonName;
import org.idnet.identity.domain.PopulationRegister;
import org.idnet.identity.domain.PopulationRegisterUnavailableException;

/** The synthetic population, counting how often it was asked about each citizen id; can be switched off. */
final class CountingRegister implements PopulationRegister {

  private final ConcurrentHashMap<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  volatile boolean down;

  @Override
  public boolean confirms(CitizenId id, PersonName name, LocalDate dateOfBirth) {
    calls.computeIfAbsent(id.value(), k -> new AtomicInteger()).incrementAndGet();
    if (down) {
      throw new PopulationRegisterUnavailableException("the test switched the register off");
    }
    return TestCitizens.POPULATION.confirms(id, name, dateOfBirth);
  }

  int calls(CitizenId id) {
    AtomicInteger count = calls.get(id.value());
    return count == null ? 0 : count.get();
  }
}
