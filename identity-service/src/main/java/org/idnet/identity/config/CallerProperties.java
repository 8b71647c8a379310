package org.idnet.identity.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param signingKey base64 HMAC key (at least 32 bytes) shared with the gateway and the other
 *     services, which sign the caller identity of every call; required, no default
 */
@ConfigurationProperties("idnet.caller")
public record CallerProperties(String signingKey) {
}
