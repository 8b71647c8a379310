package org.idnet.gateway.nearcache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.idnet.gateway.transcoding.Backend;

/** The backends as routes see them: with the near cache in front of their channels, or as they are when it is off. */
public final class NearCacheBackends {

  private final NearCacheInterceptor interceptor;
  private final Map<String, Backend> wrapped = new ConcurrentHashMap<>();

  /** @param interceptor null when the near cache is off */
  public NearCacheBackends(NearCacheInterceptor interceptor) {
    this.interceptor = interceptor;
  }

  public Backend of(Backend backend) {
    if (interceptor == null) {
      return backend;
    }
    return wrapped.computeIfAbsent(backend.name(), name -> new Backend(name,
        new NearCachedChannel(backend.channel(), interceptor), backend.deadline()));
  }
}
