package org.idnet.webhooks.delivery.domain;

import java.time.Instant;

/** Where attempts are shown: the sandbox's webhook inbox; nothing outside the sandbox. */
public interface AttemptLog {

  void record(String url, String eventId, String eventType, byte[] body, Instant at, SendResult result);

  AttemptLog NONE = (url, eventId, eventType, body, at, result) -> { };
}
