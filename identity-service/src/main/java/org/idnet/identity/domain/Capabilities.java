package org.idnet.identity.domain;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** Capability sets in one stable order, so answers and tests never depend on set iteration order. */
final class Capabilities {

  private Capabilities() {
  }

  static Set<Capability> ordered(Collection<Capability> capabilities) {
    if (capabilities == null || capabilities.isEmpty()) {
      return Set.of();
    }
    return Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
  }
}
