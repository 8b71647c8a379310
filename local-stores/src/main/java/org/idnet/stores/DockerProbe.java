package org.idnet.stores;

import org.testcontainers.DockerClientFactory;

/** Asks Testcontainers whether a Docker engine answers, without failing when none does. */
final class DockerProbe {

  private DockerProbe() {
  }

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
