package org.idnet.gateway.nearcache;

import com.google.protobuf.ByteString;

/**
 * What a kept answer is the answer to: the method, the caller exactly as the gateway states it to
 * the service (subject, client id - the platform -, agency, roles) and the request's bytes. Two
 * platforms asking about the same account id never share an entry.
 */
public record NearCacheKey(String method, String caller, ByteString request) {
}
