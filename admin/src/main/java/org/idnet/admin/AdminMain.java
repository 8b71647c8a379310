package org.idnet.admin;

import org.idnet.admin.cli.AdminCli;

/** {@code bin/idnet-admin}: see {@link AdminCli} and the README's Onboarding section. */
public final class AdminMain {

  private AdminMain() {
  }

  public static void main(String[] args) {
    System.exit(AdminCli.run(args, System.getenv(), System.out, System.err));
  }
}
