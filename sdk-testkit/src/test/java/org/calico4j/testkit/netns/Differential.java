package org.calico4j.testkit.netns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

import org.calico4j.model.net.Cidr;
import org.calico4j.testkit.SimulatedCluster;
import org.calico4j.testkit.Trace;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one simulated cluster on real BIRD too and compares: every speaker's established sessions and best
 * routes (prefix to next-hop speaker), every node's kernel routes from BIRD (their next hops: several for an
 * ECMP route), and every probe's delivery, source seen and (when delivered) path. Where a kernel route is ECMP
 * the kernel picks the next hop per flow with a hash keyed at random, so the kernel's path must be one of the
 * simulator's {@link SimulatedCluster#paths}. A probe that is not delivered has no comparable path: the
 * simulator stops where it drops, the kernel loops until the TTL runs out.
 */
final class Differential {
    /** Time figures of one comparison. */
    record Times(Duration simSetup, Duration realSetup, Duration realConvergence, Duration realProbes) {
    }

    /** The outcome: null disagreement when both agree; both views as text. */
    record Outcome(String disagreement, String simView, String realView, Times times) {
        boolean agrees() {
            return disagreement == null;
        }
    }

    private Differential() {
    }

    /** Skips outside CI with the reason, fails under CI=true, when this machine cannot build a real cluster. */
    static void requireRealBird() {
        RealBirdCluster.missing().ifPresent(m -> {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true but the real-BIRD tier cannot run: missing " + m);
            }
            Assumptions.abort("real-BIRD tier skipped: missing " + m);
        });
    }

    /** As {@link #requireRealBird()}, also for what {@code kernel} needs (iptables, ipset; bpftool, tc, a bpffs). */
    static void requireKernel(KernelDataplane kernel) {
        requireRealBird();
        RealBirdCluster.missing(kernel).ifPresent(m -> {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true but the " + kernel + " kernel tier cannot run: missing " + m);
            }
            Assumptions.abort(kernel + " kernel tier skipped: missing " + m);
        });
    }

    /** Every probe of a scenario file once per protocol (TCP, UDP, ICMP). */
    static List<RealBirdCluster.Probe> everyProtocol(List<java.util.Map.Entry<String, String>> probes) {
        List<RealBirdCluster.Probe> out = new ArrayList<>();
        for (org.calico4j.dataplane.Packet.Protocol proto : org.calico4j.dataplane.Packet.Protocol.values()) {
            probes.forEach(e -> out.add(new RealBirdCluster.Probe(e.getKey(), e.getValue(), proto)));
        }
        return out;
    }

    /** Runs a scenario file on the simulator and on a real cluster with {@code kernel}; every probe in every protocol. */
    static void assertScenarioAgrees(java.nio.file.Path file, KernelDataplane kernel) {
        requireKernel(kernel);
        org.calico4j.testkit.Scenario scenario = org.calico4j.testkit.Scenario.read(file);
        long t0 = System.nanoTime();
        try (SimulatedCluster sim = scenario.build()) {
            Duration simSetup = Duration.ofNanos(System.nanoTime() - t0);
            Outcome o = compare(sim, simSetup, everyProtocol(scenario.probes()), kernel);
            System.out.printf("scenario %s on %s: simulator %d ms, real setup %d ms + convergence %d ms + probes %d ms%n", file.getFileName(),
                    kernel, o.times().simSetup().toMillis(), o.times().realSetup().toMillis(), o.times().realConvergence().toMillis(),
                    o.times().realProbes().toMillis());
            if (!o.agrees()) {
                throw new AssertionError(file + " on " + kernel + ": " + sideBySide(o));
            }
        }
    }

    /** The scenario files in {@code dir}, sorted. */
    static java.util.stream.Stream<java.nio.file.Path> scenarioFiles(String dir) throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(java.nio.file.Path.of(dir))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    /** Runs a scenario file on both, prints the times, and fails with both views when they disagree. */
    static void assertScenarioAgrees(java.nio.file.Path file) {
        requireRealBird();
        org.calico4j.testkit.Scenario scenario = org.calico4j.testkit.Scenario.read(file);
        long t0 = System.nanoTime();
        try (SimulatedCluster sim = scenario.build()) {
            Duration simSetup = Duration.ofNanos(System.nanoTime() - t0);
            Outcome o = compare(sim, simSetup, scenario.probes().stream().map(e -> new RealBirdCluster.Probe(e.getKey(), e.getValue())).toList());
            System.out.printf("scenario %s: simulator %d ms, real setup %d ms + convergence %d ms%n", file.getFileName(),
                    o.times().simSetup().toMillis(), o.times().realSetup().toMillis(), o.times().realConvergence().toMillis());
            if (!o.agrees()) {
                throw new AssertionError(file + ": " + sideBySide(o));
            }
        }
    }

    static RealBirdCluster.View simView(SimulatedCluster sim, List<String> speakers) {
        Map<String, SortedSet<String>> sessions = new TreeMap<>();
        Map<String, Map<Cidr, String>> routes = new TreeMap<>();
        Map<org.calico4j.model.net.IpAddress, String> names = new java.util.HashMap<>();
        sim.definition().nodes().forEach(n -> names.put(n.address().address(), n.name()));
        sim.definition().routers().forEach(r -> names.put(r.address(), r.name()));
        for (String s : speakers) {
            sessions.put(s, sim.bgpSessions(s));
            Map<Cidr, String> r = new TreeMap<>();
            sim.bgpRoutes(s).forEach((c, b) -> r.put(c, names.getOrDefault(b.nextHop(), b.nextHop().toString())));
            routes.put(s, r);
        }
        return new RealBirdCluster.View(sessions, routes);
    }

    static Outcome compare(SimulatedCluster sim, Duration simSetup, List<RealBirdCluster.Probe> probes) {
        return compare(sim, simSetup, probes, KernelDataplane.NONE);
    }

    /**
     * Compares on a real cluster whose nodes run {@code kernel}. Without a kernel dataplane: BGP views and probes. With
     * one: every probe's delivery, source seen, encapsulation (outer addresses per hop) and, when delivered, path; a
     * probe the simulator sends over IPIP meets the stand-in tunl0 in the kernel, so only its encapsulation (the kernel
     * routed it into tunl0 towards the same node) is compared.
     */
    static Outcome compare(SimulatedCluster sim, Duration simSetup, List<RealBirdCluster.Probe> probes, KernelDataplane kernel) {
        try (RealBirdCluster real = RealBirdCluster.start(sim, kernel)) {
            RealBirdCluster.View expected = simView(sim, real.speakers());
            RealBirdCluster.View got = real.awaitConverged(Duration.ofSeconds(8), Duration.ofSeconds(60), expected::equals);
            // Where the kernel has an ECMP route, it picks one next hop per flow (a hash keyed at random per host): the
            // kernel's path must be one of the simulator's.
            List<List<Trace>> simTraces = new ArrayList<>();
            for (RealBirdCluster.Probe p : probes) {
                simTraces.add(sim.paths(p.from(), p.to(), p.protocol(), 80));
            }
            long p0 = System.nanoTime();
            List<Trace> realTraces = real.send(probes);
            Duration probeTime = Duration.ofNanos(System.nanoTime() - p0);
            StringBuilder diff = new StringBuilder();
            for (String s : kernel == KernelDataplane.NONE ? real.speakers() : List.<String>of()) {
                if (!expected.sessions().get(s).equals(got.sessions().get(s))) {
                    diff.append("  sessions of ").append(s).append(": simulator ").append(expected.sessions().get(s)).append(", BIRD ")
                            .append(got.sessions().get(s)).append('\n');
                }
                if (!expected.routes().get(s).equals(got.routes().get(s)) && !onlyAddPathTies(real, s, expected.routes().get(s),
                        got.routes().get(s))) {
                    diff.append("  routes of ").append(s).append(": simulator ").append(expected.routes().get(s)).append(", BIRD ")
                            .append(got.routes().get(s)).append('\n');
                }
            }
            StringBuilder simText = new StringBuilder(viewText(expected));
            StringBuilder realText = new StringBuilder(viewText(got));
            // Kernel next hops of BIRD's routes: compared on BGP-only clusters; with a kernel dataplane Felix programs
            // VXLAN routes (not BIRD), and the probes' paths and encapsulation are compared instead.
            for (String n : kernel == KernelDataplane.NONE ? real.speakers() : List.<String>of()) {
                if (sim.definition().nodes().stream().noneMatch(d -> d.name().equals(n))) {
                    continue;
                }
                Map<Cidr, List<String>> a = named(sim, sim.kernelNextHops(n));
                Map<Cidr, List<String>> b = named(sim, real.kernelNextHops(n));
                simText.append("  ").append(n).append(": kernel routes ").append(a).append('\n');
                realText.append("  ").append(n).append(": kernel routes ").append(b).append('\n');
                if (!a.equals(b)) {
                    diff.append("  kernel routes of ").append(n).append(": simulator ").append(a).append(", kernel ").append(b).append('\n');
                }
            }
            for (int i = 0; i < probes.size(); i++) {
                List<Trace> ways = simTraces.get(i);
                Trace b = realTraces.get(i);
                ways.forEach(a -> simText.append("  ").append(a).append('\n'));
                realText.append("  ").append(b).append('\n');
                boolean same = ways.stream().anyMatch(a -> kernel == KernelDataplane.NONE ? a.delivered() == b.delivered()
                        && java.util.Objects.equals(a.sourceSeenAtDestination(), b.sourceSeenAtDestination()) && (!a.delivered() || a.path().equals(b.path()))
                        : sameOnKernel(a, b));
                if (!same) {
                    diff.append("  probe ").append(probes.get(i).protocol()).append(' ').append(b.from()).append(" -> ").append(b.to()).append(": simulator ")
                            .append(String.join(" or ", ways.stream().map(Differential::summary).toList())).append(", kernel ")
                            .append(summary(b)).append('\n');
                }
            }
            return new Outcome(diff.length() == 0 ? null : diff.toString(), simText.toString(), realText.toString(),
                    new Times(simSetup, real.setupTime(), real.convergenceTime(), probeTime));
        }
    }

    /** Delivery, source seen, encapsulation and (delivered) path; for IPIP (stand-in tunl0) the encapsulation alone. */
    static boolean sameOnKernel(Trace sim, Trace kernel) {
        List<String> simEncap = RealBirdCluster.encapsulation(sim);
        List<String> realEncap = RealBirdCluster.encapsulation(kernel).stream().map(e -> e.replace(" (stand-in", "")).toList();
        if (!simEncap.isEmpty() && simEncap.get(0).contains(": IPIP ")) {
            return RealBirdCluster.endedInStandInTunnel(kernel) && realEncap.equals(simEncap.subList(0, 1));
        }
        return sim.delivered() == kernel.delivered() && java.util.Objects.equals(sim.sourceSeenAtDestination(), kernel.sourceSeenAtDestination())
                && simEncap.equals(realEncap) && (!sim.delivered() || sim.path().equals(kernel.path()));
    }

    /**
     * Whether every prefix where the two disagree is a tie BIRD breaks by arrival order: the simulator's next hop is
     * among the routes the same peer sent over ADD-PATH (Calico's node-to-node sessions have {@code add paths on}),
     * as long an AS path, as internal: bgp_rte_better finds them equal (same peer, same router ID and address) and
     * keeps the one it had first. The simulator, which carries one path per peer, cannot know which came first.
     */
    private static boolean onlyAddPathTies(RealBirdCluster real, String speaker, Map<Cidr, String> sim, Map<Cidr, String> bird) {
        Map<Cidr, List<org.calico4j.testkit.bgp.BgpRoute>> all = null;
        java.util.Set<Cidr> prefixes = new java.util.TreeSet<>(sim.keySet());
        prefixes.addAll(bird.keySet());
        for (Cidr c : prefixes) {
            String a = sim.get(c);
            String b = bird.get(c);
            if (java.util.Objects.equals(a, b)) {
                continue;
            }
            if (a == null || b == null) {
                return false;
            }
            if (all == null) {
                all = real.bgpCandidates(speaker);
            }
            List<org.calico4j.testkit.bgp.BgpRoute> routes = all.getOrDefault(c, List.of());
            if (routes.isEmpty()) {
                return false;
            }
            org.calico4j.testkit.bgp.BgpRoute best = routes.get(0);
            boolean tie = routes.stream().skip(1).anyMatch(r -> r.learnedFrom().equals(best.learnedFrom()) && r.internal() == best.internal()
                    && r.asPath().size() == best.asPath().size() && a.equals(real.nextHops(Map.of(c, r)).get(c)));
            if (!tie) {
                return false;
            }
        }
        return true;
    }

    /** Kernel next hops by name (a node's or router's; the address for anything else). */
    private static Map<Cidr, List<String>> named(SimulatedCluster sim, Map<Cidr, ? extends java.util.Collection<org.calico4j.model.net.IpAddress>> hops) {
        Map<org.calico4j.model.net.IpAddress, String> names = new java.util.HashMap<>();
        sim.definition().nodes().forEach(n -> names.put(n.address().address(), n.name()));
        sim.definition().routers().forEach(r -> names.put(r.address(), r.name()));
        Map<Cidr, List<String>> out = new TreeMap<>();
        hops.forEach((c, h) -> out.put(c, h.stream().map(a -> names.getOrDefault(a, a.toString())).sorted().toList()));
        return out;
    }

    private static String summary(Trace t) {
        List<String> encap = RealBirdCluster.encapsulation(t);
        return (t.delivered() ? "delivered from " + t.sourceSeenAtDestination() + " via " + t.path() : "not delivered (" + t.path() + ")")
                + (encap.isEmpty() ? "" : " encapsulated " + encap);
    }

    private static String viewText(RealBirdCluster.View v) {
        StringBuilder sb = new StringBuilder();
        v.sessions().forEach((s, peers) -> sb.append("  ").append(s).append(": sessions ").append(peers).append(", routes ")
                .append(v.routes().get(s)).append('\n'));
        return sb.toString();
    }

    static String sideBySide(Outcome o) {
        return "disagreement:\n" + o.disagreement() + "simulator:\n" + o.simView() + "real BIRD and kernel:\n" + o.realView();
    }

    /**
     * Runs {@code property} over {@code total} values of {@code gen}, split into {@code threads} property checks of seeds
     * {@code seed}, {@code seed + 1}, ... running at once (real clusters spend their time waiting for BIRD and the
     * kernel). The first failure ends the run: the other checks are interrupted and awaited, so that each closes its
     * cluster before the test returns.
     */
    static <T> void forAllConcurrently(org.calico4j.testkit.property.Gen<T> gen, int total, int threads, long seed,
            java.util.function.Consumer<T> property) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> parts = new java.util.ArrayList<>();
            for (int k = 0; k < threads; k++) {
                int tries = total / threads + (k < total % threads ? 1 : 0);
                long partSeed = seed + k;
                if (tries > 0) {
                    parts.add(pool.submit(() -> org.calico4j.testkit.property.PropertyRunner.check(gen).tries(tries).seed(partSeed)
                            .forAll(property)));
                }
            }
            for (java.util.concurrent.Future<?> f : parts) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
            // Each interrupted check closes its cluster (RealBirdCluster#close runs on an interrupted thread) before we go on.
            if (!pool.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES)) {
                System.out.println("generated clusters still closing after 5 minutes; the next run's cleanLeftovers removes them");
            }
        }
    }
}
