package org.idnet.webhooks.endpoints.domain;

/** Which URLs an endpoint may have (adapter: HttpEndpointUrls, the server-side request forgery rules). */
public interface EndpointUrls {

  /**
   * The URL as stored, if idnet will call it: its shape, and its host resolved now to public
   * addresses only (outside the sandbox); otherwise INVALID_WEBHOOK_URL saying why.
   */
  String check(String url);
}
