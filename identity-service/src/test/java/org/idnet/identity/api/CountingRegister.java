package org.idnet.identity.api;

import java.time.LocalDate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.idnet.identity.TestCitizens;
import org.idnet.identity.domain.CitizenId;
import org.idnet.identity.domain.PersonName;
import org.idnet.identity.domain.PopulationRegister;
import org.idnet.identity.domain.PopulationRegisterUnavailableException;

/**
 * The synthetic population, counting how often it was asked about each citizen id; can be switched
 * off, or made to hold its answers.
 */
final class CountingRegister implements PopulationRegister {

  private final ConcurrentHashMap<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  volatile boolean down;
  /** While set and closed, every call waits for it (up to 10 s): attempts held in flight. */
  volatile CountDownLatch hold;

  @Override
  public boolean confirms(CitizenId id, PersonName name, LocalDate dateOfBirth) {
    calls.computeIfAbsent(id.value(), k -> new AtomicInteger()).incrementAndGet();
    CountDownLatch held = hold;
    if (held != null) {
      try {
        held.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
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
