package org.idnet.web.i18n;

import java.nio.charset.StandardCharsets;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.i18n.LocaleContextResolver;

/** The two bundles (i18n/messages_vi.properties, the default, and messages_en.properties, UTF-8). */
@Configuration(proxyBeanMethods = false)
public class LanguageConfiguration {

  @Bean
  MessageSource messageSource() {
    ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
    messages.setBasename("i18n/messages");
    messages.setDefaultEncoding(StandardCharsets.UTF_8.name());
    messages.setFallbackToSystemLocale(false);
    messages.setDefaultLocale(LanguageResolver.VIETNAMESE);
    return messages;
  }

  @Bean(name = WebHttpHandlerBuilder.LOCALE_CONTEXT_RESOLVER_BEAN_NAME)
  LocaleContextResolver localeContextResolver() {
    return new LanguageResolver();
  }
}
