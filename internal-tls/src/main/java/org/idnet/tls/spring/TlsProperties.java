package org.idnet.tls.spring;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param directory the directory of {@code tls.crt}, {@code tls.key} (PKCS#8) and {@code ca.crt}
 *     (env {@code IDNET_TLS_DIRECTORY}); required, no default: without it the process does not start
 * @param reloadEvery how often the files are checked for a change (a renewed certificate); 1 minute
 */
@ConfigurationProperties("idnet.tls")
public record TlsProperties(Path directory, @DefaultValue("1m") Duration reloadEvery) {
}
