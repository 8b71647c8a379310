package org.idnet.redis.spring;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The same in every service, beside its own Redis URL property.
 *
 * @param trustFile the PEM file of the CA that signed Redis's (and Sentinel's) certificate (env
 *     {@code IDNET_REDIS_TRUST_FILE}; in Kubernetes {@code /etc/idnet/redis-ca/ca.crt}); read again
 *     for every new connection, so a rotated CA needs no restart. Unset: the JVM's trust store. Only
 *     for a TLS URL ({@code rediss://}, {@code rediss-sentinel://}): set with a plain one, the
 *     process does not start
 */
@ConfigurationProperties("idnet.redis")
public record RedisTrustProperties(Path trustFile) {
}
