package org.idnet.web.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A controller whose pages never start a session: no POST form, no CSRF token, no cookie. Its
 * answers may then be public (the transparency page's Cache-Control). A POST form on such a page
 * would come out without {@code _csrf}, which {@code PageSecurityTest} catches.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface SessionFree {
}
