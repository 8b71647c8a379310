package org.idnet.importer;

/**
 * {@code bin/idnet-import}: see {@link ImportCli}. Progress is drawn in place when standard error is
 * a terminal: the script says so ({@code -Didnet.import.terminal}, from {@code [ -t 2 ]}); run
 * without it, the JVM's console decides.
 */
public final class ImportMain {

  private ImportMain() {
  }

  public static void main(String[] args) {
    String said = System.getProperty("idnet.import.terminal");
    boolean terminal = said != null ? Boolean.parseBoolean(said) : System.console() != null;
    System.exit(ImportCli.run(args, System.getenv(), System.out, System.err, terminal));
  }
}
