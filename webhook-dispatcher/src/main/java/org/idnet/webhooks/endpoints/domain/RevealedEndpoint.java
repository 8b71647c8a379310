package org.idnet.webhooks.endpoints.domain;

/** An endpoint with its current secret: the answer to create and rotate, the only ones that show it. */
public record RevealedEndpoint(Endpoint endpoint, SigningSecret secret) {
}
