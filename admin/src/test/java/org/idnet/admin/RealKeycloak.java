package org.idnet.admin;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link TestNetwork} for all test classes of the JVM (Keycloak's first start takes about
 * a minute here) and stops it when the last class is done: JUnit closes what the root store holds.
 */
final class RealKeycloak implements BeforeAllCallback, ParameterResolver {

  @Override
  public void beforeAll(ExtensionContext context) {
    network(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestNetwork.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return network(context);
  }

  private static TestNetwork network(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .computeIfAbsent(TestNetwork.class, key -> {
          try {
            return TestNetwork.start();
          } catch (Exception e) {
            throw new IllegalStateException("could not start Keycloak and Redis", e);
          }
        }, TestNetwork.class);
  }
}
