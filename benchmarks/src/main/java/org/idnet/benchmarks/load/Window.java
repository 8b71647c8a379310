package org.idnet.benchmarks.load;

/**
 * Told when a driver's measured window opens and closes (after its warm-up), so that what is
 * observed beside the load (CPU per process) covers exactly the measured window.
 */
public interface Window {

  Window NONE = new Window() {
    @Override
    public void opened() {
    }

    @Override
    public void closed() {
    }
  };

  void opened();

  void closed();
}
