package org.idnet.identity.config;

import java.nio.file.Path;
import java.util.Set;
import org.idnet.identity.domain.Capability;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything identity-service is told, under {@code idnet.identity}.
 *
 * @param keys where the vault's keysets come from
 * @param capabilities what each verification level may do
 */
@ConfigurationProperties("idnet.identity")
public record IdentityProperties(@DefaultValue Keys keys, @DefaultValue Capabilities capabilities) {

  /**
   * @param directory holds {@code aead-keyset.json} and {@code blind-index-keyset.json} (Tink
   *     JSON); required
   * @param createIfMissing generate missing keysets on start (default false; the sandbox profile
   *     only: generated keys are development keys)
   */
  public record Keys(Path directory, @DefaultValue("false") boolean createIfMissing) {
  }

  /**
   * @param phone granted at PHONE (default COMMENT, POST, LIVESTREAM)
   * @param realName granted at REAL_NAME (default also COMMERCE); minors never get COMMERCE
   */
  public record Capabilities(
      @DefaultValue({"COMMENT", "POST", "LIVESTREAM"}) Set<Capability> phone,
      @DefaultValue({"COMMENT", "POST", "LIVESTREAM", "COMMERCE"}) Set<Capability> realName) {
  }
}
