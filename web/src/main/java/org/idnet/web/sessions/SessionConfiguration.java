package org.idnet.web.sessions;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.PrfSet;
import io.lettuce.core.api.StatefulRedisConnection;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Map;
import org.idnet.keysets.KeysetDirectory;
import org.idnet.keysets.KeysetSpec;
import org.idnet.keysets.ServiceLayouts;
import org.idnet.web.config.WebProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionIdResolver;
import org.springframework.web.server.session.WebSessionManager;

/**
 * The web's session manager: {@link RedisWebSessionStore} behind the cookie
 * {@code __Host-idnet-session} (HttpOnly, Secure, SameSite=Lax, Path=/, no Domain, ends with the
 * browser). The keysets load while the context starts: a missing one stops it.
 */
@Configuration(proxyBeanMethods = false)
public class SessionConfiguration {

  public static final String COOKIE = "__Host-idnet-session";

  @Bean
  Map<KeysetSpec, KeysetHandle> webKeysets(WebProperties properties, ObjectProvider<KmsClient> kmsClients) {
    return KeysetDirectory.open(ServiceLayouts.Web.LAYOUT, properties.sessions().keys().source(),
        kmsClients::getIfAvailable).load();
  }

  @Bean
  SessionIds sessionIds(Map<KeysetSpec, KeysetHandle> webKeysets) throws GeneralSecurityException {
    PrfSet prfs = webKeysets.get(ServiceLayouts.Web.SESSION_IDS).getPrimitive(RegistryConfiguration.get(), PrfSet.class);
    return new SessionIds(prfs.getPrfs().get(prfs.getPrimaryId()));
  }

  @Bean
  SealedAttributes sealedAttributes(Map<KeysetSpec, KeysetHandle> webKeysets) throws GeneralSecurityException {
    return new SealedAttributes(webKeysets.get(ServiceLayouts.Web.SESSIONS)
        .getPrimitive(RegistryConfiguration.get(), Aead.class));
  }

  @Bean
  WebSessionIdResolver webSessionIdResolver() {
    CookieWebSessionIdResolver resolver = new CookieWebSessionIdResolver();
    resolver.setCookieName(COOKIE);
    // __Host-: Secure, Path=/, no Domain. Chromium keeps it on http://localhost too (docs/pages.md section 1).
    resolver.addCookieInitializer(cookie -> cookie.secure(true).httpOnly(true).sameSite("Lax").path("/"));
    return resolver;
  }

  @Bean
  RedisWebSessionStore webSessionStore(StatefulRedisConnection<String, byte[]> redis, SessionIds ids,
      SealedAttributes sealed, WebProperties properties, Clock clock) {
    return new RedisWebSessionStore(redis.reactive(), ids, sealed, properties.sessions().idle(),
        properties.sessions().absolute(), clock);
  }

  @Bean(name = "webSessionManager")
  WebSessionManager webSessionManager(RedisWebSessionStore store, WebSessionIdResolver resolver) {
    DefaultWebSessionManager manager = new DefaultWebSessionManager();
    manager.setSessionStore(store);
    manager.setSessionIdResolver(resolver);
    return manager;
  }
}
