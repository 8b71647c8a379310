package org.idnet.identity.domain;

/** The only age information a platform gets; UNKNOWN until a real-name record says otherwise. */
public enum AgeBand {
  ADULT,
  MINOR,
  UNKNOWN
}
