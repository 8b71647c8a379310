package org.idnet.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.idnet.benchmarks.load.LoadResult;
import org.idnet.benchmarks.load.Window;
import org.idnet.benchmarks.observe.JfrProfiler;
import org.idnet.benchmarks.observe.JfrSummary;
import org.idnet.benchmarks.observe.ThreadCpu;

/**
 * After the measured rounds: the same loads again with JFR recording in the gateway and
 * identity-service (phone-otp-service for P4) (not during the rounds: recording costs a little), then where their CPU went:
 * per thread from /proc, per method, package and component from the JFR samples.
 */
final class Profiling {

  private final Phases phases;
  private final Path directory;
  private final long gatewayPid;
  private final long identityPid;
  private final long otpPid;
  private final Duration length;
  private final JfrProfiler jfr = new JfrProfiler();

  Profiling(Phases phases, Path directory, long gatewayPid, long identityPid, long otpPid, Duration length) {
    this.phases = phases;
    this.directory = directory;
    this.gatewayPid = gatewayPid;
    this.identityPid = identityPid;
    this.otpPid = otpPid;
    this.length = length;
  }

  /**
   * Profiles P1 (gateway and identity), P2 and, if it works, P3 (identity), and P4 (phone-otp-service)
   * when it runs; returns the summaries.
   */
  String run(boolean lookups, boolean phoneFlows) throws Exception {
    Files.createDirectories(directory);
    List<String> summaries = new ArrayList<>();
    Progress.say("profiling P1 with JFR in the gateway and identity-service (" + length.toSeconds() + " s)");
    jfr.start(gatewayPid);
    jfr.start(identityPid);
    ThreadCpu gatewayThreads = ThreadCpu.start(gatewayPid);
    ThreadCpu identityThreads = ThreadCpu.start(identityPid);
    LoadResult p1 = phases.verifyAccountLoad(length, directory.resolve("P1-profiled.txt"), Window.NONE);
    String gatewayCpu = gatewayThreads.stop(10);
    String identityCpu = identityThreads.stop(10);
    Path gateway = jfr.stop(gatewayPid, directory.resolve("gateway-P1.jfr"));
    Path identity = jfr.stop(identityPid, directory.resolve("identity-P1.jfr"));
    summaries.add(JfrSummary.summarize(String.format("gateway during P1 (%.0f req/s while recording)", p1.throughput()),
        gateway, 12) + gatewayCpu);
    summaries.add(JfrSummary.summarize("identity-service during P1", identity, 12) + identityCpu);

    Progress.say("profiling P2 with JFR in identity-service");
    jfr.start(identityPid);
    identityThreads = ThreadCpu.start(identityPid);
    LoadResult p2 = phases.checkAccountLoad(length, Window.NONE);
    identityCpu = identityThreads.stop(10);
    summaries.add(JfrSummary.summarize(String.format("identity-service during P2 (%.0f calls/s while recording)", p2.throughput()),
        jfr.stop(identityPid, directory.resolve("identity-P2.jfr")), 12) + identityCpu);

    if (lookups) {
      Progress.say("profiling P3 with JFR in identity-service");
      jfr.start(identityPid);
      identityThreads = ThreadCpu.start(identityPid);
      LoadResult p3 = phases.lookupAccountsLoad(length, Window.NONE);
      identityCpu = identityThreads.stop(10);
      summaries.add(JfrSummary.summarize(String.format("identity-service during P3 (%.0f checks/s while recording)",
          p3.throughput() * 500), jfr.stop(identityPid, directory.resolve("identity-P3.jfr")), 12) + identityCpu);
    }
    if (phoneFlows) {
      Progress.say("profiling P4 with JFR in phone-otp-service");
      jfr.start(otpPid);
      ThreadCpu otpThreads = ThreadCpu.start(otpPid);
      LoadResult p4 = phases.phoneFlowLoad(length, Window.NONE);
      String otpCpu = otpThreads.stop(10);
      summaries.add(JfrSummary.summarize(String.format("phone-otp-service during P4 (%.0f flows/s while recording)",
          p4.throughput()), jfr.stop(otpPid, directory.resolve("otp-P4.jfr")), 12) + otpCpu);
    }
    return String.join("\n", summaries);
  }
}
