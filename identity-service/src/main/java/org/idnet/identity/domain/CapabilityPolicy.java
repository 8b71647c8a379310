package org.idnet.identity.domain;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which capabilities each level grants (configurable). One rule is not: a minor never gets
 * COMMERCE, whatever the configuration says.
 */
public record CapabilityPolicy(Set<Capability> phone, Set<Capability> realName) {

  /** domain.md's defaults: PHONE may comment, post and live-stream; REAL_NAME may also sell. */
  public static final CapabilityPolicy DEFAULT = new CapabilityPolicy(
      Set.of(Capability.COMMENT, Capability.POST, Capability.LIVESTREAM),
      Set.of(Capability.COMMENT, Capability.POST, Capability.LIVESTREAM, Capability.COMMERCE));

  public CapabilityPolicy {
    phone = Capabilities.ordered(Objects.requireNonNull(phone, "phone"));
    realName = Capabilities.ordered(Objects.requireNonNull(realName, "realName"));
  }

  public Set<Capability> capabilities(VerificationLevel level, AgeBand ageBand) {
    Set<Capability> granted = switch (level) {
      case NONE -> Set.of();
      case PHONE -> phone;
      case REAL_NAME -> realName;
    };
    if (ageBand == AgeBand.MINOR && granted.contains(Capability.COMMERCE)) {
      EnumSet<Capability> withoutCommerce = EnumSet.copyOf(granted);
      withoutCommerce.remove(Capability.COMMERCE);
      return Capabilities.ordered(withoutCommerce);
    }
    return granted;
  }
}
