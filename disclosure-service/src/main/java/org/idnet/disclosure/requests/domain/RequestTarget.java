package org.idnet.disclosure.requests.domain;

/** The account whose identity is asked for: a platform's account id, as the platform knows it. */
public record RequestTarget(String platformId, String accountId) {
}
