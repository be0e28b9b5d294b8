package org.calico4j.dataplane.iptables;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.calico4j.dataplane.linux.CommandRunner;
import org.calico4j.dataplane.linux.Netns;
import org.junit.jupiter.api.Assumptions;

/**
 * Network namespaces for the iptables dataplane's kernel tests, all named {@code c4j-ipt<run>-...} and
 * removed on close (also when a test fails); namespaces left by a crashed run ({@code c4j-ipt*}) are removed
 * when a lab opens, once the JVM that made them is gone. Nodes, workloads behind {@code cali*} veths (as the CNI plugin makes them: /32 address,
 * default route via 169.254.1.1, proxy ARP on the host side) and external hosts; ping between them; the
 * sources a host saw, counted by iptables rules of its own. Outside CI a missing tool or privilege skips
 * with the reason; under {@code CI=true} it fails.
 */
public final class KernelLab implements AutoCloseable {
    static final String PREFIX = "c4j-ipt";
    private static final Duration T = Duration.ofSeconds(20);
    private static final CommandRunner RUN = CommandRunner.system();
    /** {@code c4j-ipt<pid>x<random>-}, both base 36: a lab opening elsewhere removes this one's namespaces only once this JVM is gone. */
    private final String prefix = PREFIX + Long.toString(ProcessHandle.current().pid(), 36) + "x"
            + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36) + "-";
    private final List<Netns> namespaces = new ArrayList<>();
    private final Map<String, Netns> byName = new HashMap<>();

    public KernelLab() {
        requireKernel();
        removeLeftovers();
    }

    static void requireKernel() {
        for (String tool : List.of("/usr/sbin/iptables", "/usr/sbin/ipset", "/usr/sbin/iptables-legacy", "/usr/sbin/iptables-nft",
                "/usr/sbin/sysctl", "/usr/bin/ping", "/usr/sbin/bridge")) {
            if (!Files.isExecutable(Path.of(tool)) && !Files.isExecutable(Path.of(tool.replace("/usr/sbin/", "/sbin/")))) {
                missing(tool + " (Debian packages iptables, ipset, iproute2, procps, iputils-ping; ./scripts/test installs them)");
            }
        }
        String probe = PREFIX + "probe" + ThreadLocalRandom.current().nextInt(1000);
        CommandRunner.Result r = RUN.run(List.of("ip", "netns", "add", probe), T);
        if (!r.ok()) {
            missing("network namespaces (probed `ip netns add`: " + r.stderr().strip() + "; needs root)");
        }
        RUN.run(List.of("ip", "netns", "del", probe), T);
    }

    static void missing(String what) {
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but the iptables kernel tier cannot run: missing " + what);
        }
        Assumptions.abort("iptables kernel tier skipped: missing " + what);
    }

    /**
     * Removes the namespaces of labs whose JVM is gone (a crashed or killed run), after stopping what still runs in them;
     * labs of live JVMs (a concurrent run) are left alone.
     */
    private static void removeLeftovers() {
        java.util.regex.Pattern ours = java.util.regex.Pattern.compile(PREFIX + "([0-9a-z]+)x[0-9a-z]+-.*");
        for (String line : RUN.run(List.of("ip", "netns", "list"), T).stdout().split("\n")) {
            String name = line.split(" ")[0];
            java.util.regex.Matcher m = ours.matcher(name);
            if (!m.matches() || ProcessHandle.of(Long.parseLong(m.group(1), 36)).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            for (String pid : RUN.run(List.of("ip", "netns", "pids", name), T).stdout().split("\\s+")) {
                if (pid.matches("[0-9]+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            RUN.run(List.of("ip", "netns", "del", name), T);
        }
    }

    /** A new namespace {@code <prefix><name>}. */
    public Netns ns(String name) {
        Netns ns = Netns.create(prefix + name);
        namespaces.add(ns);
        byName.put(name, ns);
        return ns;
    }

    public Netns get(String name) {
        return byName.get(name);
    }

    /** A node namespace with IP forwarding on. */
    public Netns node(String name) {
        Netns n = ns(name);
        sysctl(n, "net.ipv4.ip_forward=1");
        sysctl(n, "net.ipv6.conf.all.forwarding=1");
        return n;
    }

    /** Links {@code a}'s {@code aDev} with {@code b}'s {@code bDev}, with addresses (CIDR notation). */
    public void link(Netns a, String aDev, String aAddr, Netns b, String bDev, String bAddr) {
        a.veth(aDev, b, bDev);
        a.ip("addr", "add", aAddr, "dev", aDev);
        b.ip("addr", "add", bAddr, "dev", bDev);
    }

    /**
     * A workload namespace behind {@code iface} on {@code node}, with {@code ip} (no mask), as Calico's CNI plugin
     * wires it. Proxy ARP answers for 169.254.1.1 only when the node has a route to it elsewhere (its default route).
     */
    public Netns workload(Netns node, String name, String iface, String ip) {
        Netns w = ns(name);
        node.veth(iface, w, "eth0");
        sysctl(node, "net.ipv4.conf." + iface + ".proxy_arp=1");
        sysctl(node, "net.ipv4.neigh." + iface + ".proxy_delay=0");
        w.ip("addr", "add", ip + "/32", "dev", "eth0");
        w.ip("route", "add", "169.254.1.1", "dev", "eth0", "scope", "link");
        w.ip("route", "add", "default", "via", "169.254.1.1", "dev", "eth0");
        return w;
    }

    public static void sysctl(Netns ns, String setting) {
        ns.exec(List.of("sysctl", "-q", "-w", setting), T).requireSuccess();
    }

    /** Whether one ICMP echo from {@code from} to {@code dst} got its answer. */
    public static boolean ping(Netns from, String dst) {
        for (int i = 0; i < 3; i++) {
            if (from.exec(List.of("ping", "-n", "-c", "1", "-W", "2", dst), T).ok()) {
                return true;
            }
        }
        return false;
    }

    /** Counts packets from each of {@code sources} arriving at {@code host} (a rule per source in its filter INPUT). */
    public static void countSources(Netns host, String chain, String... sources) {
        for (String s : sources) {
            host.exec(List.of("iptables-nft", "-w", "-A", chain, "-s", s), T).requireSuccess();
        }
    }

    /** The packet count of the counting rule for {@code source} in {@code chain} of the filter (or given) table. */
    public static long seen(Netns host, String table, String chain, String match) {
        String out = host.exec(List.of("iptables-nft", "-w", "-t", table, "-S", chain, "-v"), T).requireSuccess().stdout();
        for (String line : out.split("\n")) {
            if (line.contains(match) && line.contains(" -c ")) {
                String[] f = line.substring(line.indexOf(" -c ") + 4).split(" ");
                return Long.parseLong(f[0]);
            }
        }
        throw new AssertionError("no counting rule with '" + match + "' in " + chain + ":\n" + out);
    }

    /** Routes, links, nat rules and sets of a namespace, for a failure message. */
    public static String diagnose(Netns ns) {
        StringBuilder sb = new StringBuilder();
        for (List<String> cmd : List.of(List.of("ip", "-d", "route"), List.of("ip", "-br", "addr"), List.of("iptables-legacy-save", "-t", "nat"),
                List.of("iptables-nft-save", "-t", "nat"), List.of("ipset", "save"), List.of("ip", "neigh"))) {
            CommandRunner.Result r = ns.exec(cmd, T);
            sb.append("$ ").append(String.join(" ", cmd)).append('\n').append(r.stdout()).append(r.stderr());
        }
        return sb.toString();
    }

    public static String run(Netns ns, String... cmd) {
        return ns.exec(List.of(cmd), T).requireSuccess().stdout();
    }

    @Override
    public void close() {
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            namespaces.get(i).close();
        }
    }
}
