package org.idnet.disclosure.requests.domain;

/** An approved request locked for a release attempt, with the attempts made so far. */
public record ReleaseCandidate(DisclosureRequest request, int attempts) {
}
