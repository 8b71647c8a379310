package org.idnet.keysets.tool;

/** {@code bin/idnet-keysets}: see {@link KeysetTool} and docs/keys.md. */
public final class KeysetToolMain {

  private KeysetToolMain() {
  }

  public static void main(String[] args) {
    System.exit(KeysetTool.run(args, System.out, System.err));
  }
}
