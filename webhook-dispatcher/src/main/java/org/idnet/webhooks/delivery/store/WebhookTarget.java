package org.idnet.webhooks.delivery.store;

import java.net.InetAddress;
import java.net.URI;

/**
 * Where one delivery goes: the endpoint's URL and the one address that was checked for it. The
 * connection is made to {@code address}, with the URL's host as TLS server name and Host header,
 * so a DNS answer that changes after the check (rebinding) cannot redirect it.
 */
public record WebhookTarget(URI url, InetAddress address) {
}
