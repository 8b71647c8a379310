package org.idnet.webhooks.endpoints.domain;

import java.util.List;

/** A validated registration, before it has an id and a secret. */
public record NewEndpoint(String platformId, String url, List<String> eventTypes, int maxInFlight, int timeoutSeconds) {

  public NewEndpoint {
    eventTypes = List.copyOf(eventTypes);
  }
}
