package org.idnet.webhooks.delivery.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Host name to addresses: the system's DNS in production, a table in tests. */
@FunctionalInterface
public interface HostResolver {

  List<InetAddress> resolve(String host) throws UnknownHostException;

  /** The JVM's resolver (answers cached 30 s, the JDK's default without a security manager). */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
