package org.calico4j.dataplane.linux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.Encap;
import org.calico4j.dataplane.HostInfo;
import org.calico4j.dataplane.IpSets;
import org.calico4j.dataplane.RouteInfo;
import org.calico4j.dataplane.RouteType;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * A node's routes and tunnel devices as Felix v3.32.1 programs them, through {@code ip -batch} and
 * {@code bridge -batch}: workload routes ({@code proto boot}, metric 1024), blackholes for local blocks
 * and Felix's no-encap / same-subnet / IPIP routes ({@code proto 80}), VXLAN routes on
 * {@code vxlan.calico} ({@code proto boot}: Felix sets no protocol on them), the {@code vxlan.calico}
 * device (VNI 4096, port 4789, tunnel address /32) and {@code tunl0}'s address. Routes only BIRD programs
 * are left to BIRD. Routes Felix owns (protocol 80, any route on {@code vxlan.calico} or a {@code cali*}
 * interface) that are not wanted are removed.
 *
 * <p>Deviation: Felix writes a static ARP entry and an FDB entry per remote VTEP from the node's VXLAN
 * MAC; the dataplane state carries remote nodes' addresses ({@code all-vxlan-net}) but not their MACs, so
 * this writes the all-zero FDB entry per remote node (the kernel floods ARP for the VTEP over VXLAN and
 * learns its MAC).
 *
 * <pre>{@code
 * NodeNetwork net = new NodeNetwork(Exec.in("c4j-n1"));
 * net.sync(state);
 * }</pre>
 *
 * <p>Not thread-safe: one owner (a dataplane) calls it.
 */
public final class NodeNetwork {
    /**
     * Felix's IPv4 VXLAN device.
     */
    public static final String VXLAN_V4 = "vxlan.calico";
    /**
     * Felix's IPv6 VXLAN device.
     */
    public static final String VXLAN_V6 = "vxlan-v6.calico";
    /**
     * The IPIP device (a dummy stand-in where the kernel has no ipip module).
     */
    public static final String TUNL0 = "tunl0";
    private static final Pattern IFACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
    private static final Pattern MAC = Pattern.compile("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NodeNetwork.class);
    private final Exec exec;
    private final List<String> waiting = new ArrayList<>();
    private @Nullable String ipipUnavailable;
    /** Links and addresses as last read (the cached path trusts them until a workload interface is missing). */
    private @Nullable Snapshot known;

    /**
     * A programmer of links, addresses, routes and FDB entries through {@code exec}.
     *
     * @param exec runs {@code ip} and {@code bridge}, on the host or in a namespace
     */
    public NodeNetwork(Exec exec) {
        this.exec = exec;
    }

    /** A route in the kernel's main table, as {@code ip -j -d route} reports it. */
    public record KernelRoute(String dst, String type, @Nullable String gateway, @Nullable String dev, String protocol, boolean onlink) {
    }

    /**
     * What the kernel has now: links with their MTU, addresses by device, the main table's routes, and
     * the FDB destinations of the VXLAN devices.
     */
    public record Snapshot(Map<String, Integer> links, Map<String, String> addressDevice, List<KernelRoute> routes,
                           Map<String, Set<String>> fdb) {
    }

    /**
     * Why IPIP cannot be programmed here (the kernel option), or null when it can or was not needed.
     *
     * @return the {@code ipipUnavailable} value
     */
    public @Nullable String ipipUnavailable() {
        return ipipUnavailable;
    }

    /**
     * Routes last skipped because their device does not exist yet (as Felix waits for a workload's interface).
     *
     * @return the {@code waiting} values, empty when not set
     */
    public List<String> waiting() {
        return List.copyOf(waiting);
    }

    /**
     * Reads the kernel's state.
     *
     * @return the {@code read} value
     */
    public Snapshot read() {
        Map<String, Integer> links = new LinkedHashMap<>();
        for (JsonNode l : json(List.of("ip", "-j", "link", "show"))) {
            links.put(l.path("ifname").asText(), l.path("mtu").asInt(1500));
        }
        Map<String, String> addrs = new HashMap<>();
        for (JsonNode l : json(List.of("ip", "-j", "addr", "show"))) {
            for (JsonNode a : l.path("addr_info")) {
                addrs.put(a.path("local").asText(), l.path("ifname").asText());
            }
        }
        List<KernelRoute> routes = new ArrayList<>();
        for (String fam : new String[] {"-4", "-6"}) {
            for (JsonNode r : json(List.of("ip", fam, "-j", "-d", "route", "show", "table", "main"))) {
                boolean onlink = false;
                for (JsonNode f : r.path("flags")) {
                    onlink |= f.asText().equals("onlink");
                }
                String dst = r.path("dst").asText();
                if (!dst.contains("/") && !dst.equals("default")) {
                    dst = dst + (dst.contains(":") ? "/128" : "/32");
                }
                routes.add(new KernelRoute(dst, r.path("type").asText("unicast"), text(r, "gateway"), text(r, "dev"),
                        r.path("protocol").asText(""), onlink));
            }
        }
        Map<String, Set<String>> fdb = new HashMap<>();
        for (String dev : new String[] {VXLAN_V4, VXLAN_V6}) {
            if (links.containsKey(dev)) {
                Set<String> dsts = new LinkedHashSet<>();
                for (JsonNode e : json(List.of("bridge", "-j", "fdb", "show", "dev", dev))) {
                    if (e.path("mac").asText().equals("00:00:00:00:00:00") && e.has("dst")) {
                        dsts.add(e.path("dst").asText());
                    }
                }
                fdb.put(dev, dsts);
            }
        }
        return new Snapshot(links, addrs, routes, fdb);
    }

    private static @Nullable String text(JsonNode n, String field) {
        return n.has(field) ? n.get(field).asText() : null;
    }

    private JsonNode json(List<String> cmd) {
        CommandRunner.Result r = exec.run(cmd).requireSuccess();
        try {
            String out = r.stdout().isBlank() ? "[]" : r.stdout();
            return JSON.readTree(out);
        } catch (java.io.IOException e) {
            throw new CommandRunner.CommandException("cannot read the JSON of " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Brings devices and routes in line with {@code state}; returns how many write commands it ran (0 when in line).
     *
     * @param state the state to program
     * @return the number of write commands run
     */
    public int sync(DataplaneState state) {
        int writes = 0;
        Snapshot before = read();
        ensureIpip(state, before);
        Snapshot now = ipipUnavailable == null && needsIpip(state) && !before.links().containsKey(TUNL0) ? read() : before;
        List<String> ip = plan(state, now);
        if (!ip.isEmpty()) {
            runBatch(ip);
            writes++;
        }
        known = ip.stream().anyMatch(l -> l.startsWith("link add")) ? null : now;
        List<String> fdb = planFdb(state, now);
        if (!fdb.isEmpty()) {
            exec.run(List.of("bridge", "-batch", "-"), String.join("\n", fdb) + "\n").requireSuccess();
            writes++;
        }
        return writes;
    }

    /**
     * Applies only what {@code delta} changes in routes (Felix's cached path between resyncs: the route table
     * is not read back); a change of host, routing settings or VXLAN peers falls back to {@link #sync}.
     * Returns how many write commands it ran.
     *
     * @param before the state programmed so far
     * @param target the state to program
     * @param delta  the change from {@code before} to {@code target}
     * @return the number of write commands run
     */
    public int apply(DataplaneState before, DataplaneState target, org.calico4j.dataplane.DataplaneDelta delta) {
        boolean peers = delta.ipSetAdds().containsKey(IpSets.allVxlan(4)) || delta.ipSetRemovals().containsKey(IpSets.allVxlan(4))
                || delta.ipSetAdds().containsKey(IpSets.allVxlan(6)) || delta.ipSetRemovals().containsKey(IpSets.allVxlan(6));
        if (delta.host().isPresent() || delta.routing().isPresent() || peers) {
            return sync(target);
        }
        if (delta.routesSet().isEmpty() && delta.routesRemoved().isEmpty()) {
            return 0;
        }
        waiting.clear();
        if (known == null || delta.routesSet().values().stream().anyMatch(r -> r.type() == RouteType.LOCAL_WORKLOAD
                && r.device() != null && !known.links().containsKey(r.device()))) {
            // A new workload's interface may have appeared since the last read.
            known = read();
        }
        Map<String, Integer> links = known.links();
        String parent = target.host().ipv4() == null ? null : known.addressDevice().get(target.host().ipv4().address().toString());
        List<String> out = new ArrayList<>();
        for (org.calico4j.model.net.Cidr c : delta.routesRemoved()) {
            RouteInfo old = before.routes().get(c);
            if (old != null && felixProgrammed(old)) {
                out.add("route del " + (old.device() == null ? "blackhole " : "") + c + " proto " + old.protocol());
            }
        }
        for (RouteInfo r : delta.routesSet().values()) {
            RouteInfo old = before.routes().get(r.cidr());
            if (felixProgrammed(r)) {
                String line = routeLine(r, parent, links.keySet());
                if (line != null) {
                    out.add(line);
                }
            } else if (old != null && felixProgrammed(old)) {
                out.add("route del " + (old.device() == null ? "blackhole " : "") + r.cidr() + " proto " + old.protocol());
            }
        }
        if (out.isEmpty()) {
            return 0;
        }
        CommandRunner.Result r = exec.run(List.of("ip", "-batch", "-"), String.join("\n", out) + "\n");
        if (!r.ok()) {
            // As Felix's route table: a failed incremental write (a route another tool removed or replaced: "No such
            // process" on delete) marks the table dirty and the next step is a full read and reconcile.
            LOG.info("incremental route write failed ({}), reconciling in full; it was:\n{}", r.stderr().strip(), String.join("\n", out));
            known = null;
            return 1 + sync(target);
        }
        return 1;
    }

    private static boolean felixProgrammed(RouteInfo r) {
        return r.owner() == org.calico4j.dataplane.RouteOwner.FELIX || r.owner() == org.calico4j.dataplane.RouteOwner.FELIX_AND_BIRD;
    }

    private static boolean needsIpip(DataplaneState s) {
        return s.routing().ipipEnabled() && s.host().ipipTunnelAddress() != null;
    }

    /** Felix's IPIP manager creates {@code tunl0} when the kernel has it; these kernels may not (CONFIG_NET_IPIP). */
    private void ensureIpip(DataplaneState state, Snapshot now) {
        if (!needsIpip(state) || now.links().containsKey(TUNL0)) {
            return;
        }
        CommandRunner.Result r = exec.run(List.of("ip", "link", "add", "name", TUNL0, "type", "ipip"));
        if (!r.ok()) {
            ipipUnavailable = "the kernel has no IPIP tunnels (CONFIG_NET_IPIP is not set; `ip link add type ipip`: "
                    + r.stderr().strip() + ")";
        }
    }

    /**
     * The {@code ip -batch} lines that take the kernel from {@code now} to {@code state}.
     *
     * @param state the state to program
     * @param now   the kernel's links, addresses and routes as read
     * @return the batch lines, empty when in line
     */
    public List<String> plan(DataplaneState state, Snapshot now) {
        waiting.clear();
        List<String> out = new ArrayList<>();
        HostInfo h = state.host();
        Set<String> links = new LinkedHashSet<>(now.links().keySet());
        String parent = h.ipv4() == null ? null : now.addressDevice().get(h.ipv4().address().toString());
        int parentMtu = parent == null ? 1500 : now.links().getOrDefault(parent, 1500);
        devices(state, now, parent, parentMtu, links, out);
        Map<String, String> want = new LinkedHashMap<>();
        for (RouteInfo r : state.routes().values()) {
            if (!felixProgrammed(r)) {
                continue;
            }
            String line = routeLine(r, parent, links);
            if (line != null) {
                want.put(r.cidr().toString(), line);
            }
        }
        Map<String, KernelRoute> have = new HashMap<>();
        for (KernelRoute k : now.routes()) {
            have.put(k.dst(), k);
        }
        want.forEach((dst, line) -> {
            KernelRoute k = have.get(dst);
            if (k == null || !line.equals(lineFor(k))) {
                out.add(line);
            }
        });
        for (KernelRoute k : now.routes()) {
            if (owned(k) && !want.containsKey(k.dst())) {
                out.add(deleteLine(k));
            }
        }
        return out;
    }

    /** Felix's ownership ({@code main_route_table_policy.go}, v3.32.1): proto 80, or on vxlan.calico or a workload interface. */
    private static boolean owned(KernelRoute k) {
        if (k.protocol().equals("kernel")) {
            return false;
        }
        return k.protocol().equals("80") || (k.dev() != null && (k.dev().startsWith("vxlan") && k.dev().endsWith(".calico")
                || k.dev().startsWith("cali")));
    }

    private void devices(DataplaneState s, Snapshot now, @Nullable String parent, int parentMtu, Set<String> links, List<String> out) {
        HostInfo h = s.host();
        for (int v : new int[] {4, 6}) {
            boolean enabled = v == 4 ? s.routing().vxlanEnabled() : s.routing().vxlanEnabledV6();
            IpAddress tunnel = h.tunnelAddress(Encap.VXLAN, v).orElse(null);
            IpAddress local = h.address(v).orElse(null);
            String pdev = v == 4 ? parent : (h.ipv6() == null ? null : now.addressDevice().get(h.ipv6().address().toString()));
            if (!enabled || tunnel == null || local == null || pdev == null) {
                continue;
            }
            String dev = v == 4 ? VXLAN_V4 : VXLAN_V6;
            if (!links.contains(dev)) {
                String mac = h.vxlanMac();
                out.add("link add " + dev + (mac != null && v == 4 && MAC.matcher(mac).matches() ? " address " + mac : "")
                        + " type vxlan id 4096 dstport 4789 local " + local + " dev " + iface(pdev));
                out.add("link set " + dev + " mtu " + (parentMtu - (v == 4 ? 50 : 70)) + " up");
                links.add(dev);
            }
            if (!dev.equals(now.addressDevice().get(tunnel.toString()))) {
                out.add("addr replace " + tunnel + "/" + tunnel.bitLength() + " dev " + dev);
            }
        }
        IpAddress ipip = h.ipipTunnelAddress();
        if (s.routing().ipipEnabled() && ipip != null && links.contains(TUNL0)) {
            if (!TUNL0.equals(now.addressDevice().get(ipip.toString()))) {
                out.add("link set " + TUNL0 + " mtu " + (parentMtu - 20) + " up");
                out.add("addr replace " + ipip + "/32 dev " + TUNL0);
            }
        }
    }

    private @Nullable String routeLine(RouteInfo r, @Nullable String parent, Set<String> links) {
        // Numbers only: iproute2 6.1 caches the last protocol name it looked up and keeps its number across a numeric
        // one, so in one batch "proto boot", "proto 80", "proto boot" writes the third line with proto 80 (a delete
        // then fails with "No such process"; NodeNetworkNetnsTest shows it on the kernel).
        String proto = String.valueOf(r.protocol());
        if (r.device() == null) {
            return "route replace blackhole " + r.cidr() + " proto " + proto;
        }
        String dev = r.type() == RouteType.LOCAL_WORKLOAD || r.encap() != Encap.NONE ? r.device() : parent;
        if (dev == null || !links.contains(dev)) {
            waiting.add(r.cidr() + " (device " + (dev == null ? "holding the node address" : dev) + " missing)");
            return null;
        }
        if (r.type() == RouteType.LOCAL_WORKLOAD) {
            return "route replace " + r.cidr() + " dev " + iface(dev) + " scope link proto " + proto + " metric 1024";
        }
        if (r.via() == null) {
            return null;
        }
        return "route replace " + r.cidr() + " via " + r.via() + " dev " + iface(dev) + " onlink proto " + proto;
    }

    /** The line {@link #routeLine} would write for a kernel route, to tell whether it already is as wanted. */
    private static String lineFor(KernelRoute k) {
        if (k.type().equals("blackhole")) {
            return "route replace blackhole " + k.dst() + protoClause(k.protocol());
        }
        if (k.gateway() == null) {
            return "route replace " + k.dst() + " dev " + k.dev() + " scope link" + protoClause(k.protocol()) + " metric 1024";
        }
        return "route replace " + k.dst() + " via " + k.gateway() + " dev " + k.dev() + (k.onlink() ? " onlink" : "") + protoClause(k.protocol());
    }

    /**
     * The {@code bridge -batch} lines: one all-zero FDB entry per remote VTEP node address.
     *
     * @param s   the state to program
     * @param now the kernel's FDB as read
     * @return the batch lines, empty when in line
     */
    public List<String> planFdb(DataplaneState s, Snapshot now) {
        List<String> out = new ArrayList<>();
        for (int v : new int[] {4, 6}) {
            String dev = v == 4 ? VXLAN_V4 : VXLAN_V6;
            boolean enabled = v == 4 ? s.routing().vxlanEnabled() : s.routing().vxlanEnabledV6();
            if (!enabled || s.host().tunnelAddress(Encap.VXLAN, v).isEmpty()) {
                continue;
            }
            Set<String> have = now.fdb().getOrDefault(dev, Set.of());
            Set<String> want = new LinkedHashSet<>();
            for (Cidr c : s.ipSet(IpSets.allVxlan(v))) {
                if (c.prefixLength() == c.address().bitLength()) {
                    want.add(c.address().toString());
                }
            }
            for (String ip : want) {
                if (!have.contains(ip)) {
                    out.add("fdb append 00:00:00:00:00:00 dev " + dev + " dst " + ip);
                }
            }
            for (String ip : have) {
                if (!want.contains(ip)) {
                    out.add("fdb del 00:00:00:00:00:00 dev " + dev + " dst " + ip);
                }
            }
        }
        return out;
    }

    /**
     * Removes every route Felix owns and the VXLAN devices (tunl0 is the kernel's and stays, as Felix leaves it). A route
     * that went while this ran (its device removed, another tool) is not an error; what is still there afterwards is.
     */
    public void cleanup() {
        known = null;
        List<String> out = cleanupLines(read());
        if (out.isEmpty()) {
            return;
        }
        // -force: go on past a line whose route is gone already ("No such process"); the read below is the check.
        CommandRunner.Result r = exec.run(List.of("ip", "-force", "-batch", "-"), String.join("\n", out) + "\n");
        List<String> left = cleanupLines(read());
        if (!left.isEmpty()) {
            throw new CommandRunner.CommandException("cannot remove Felix's routes and devices (" + exec + "): "
                    + r.stderr().strip() + "; still there:\n" + String.join("\n", left));
        }
    }

    /** iproute2's names ({@code /etc/iproute2/rt_protos}) for the protocols a route read back may carry. */
    private static final Map<String, Integer> PROTOCOLS = Map.ofEntries(Map.entry("unspec", 0), Map.entry("redirect", 1),
            Map.entry("kernel", 2), Map.entry("boot", 3), Map.entry("static", 4), Map.entry("gated", 8), Map.entry("ra", 9),
            Map.entry("mrt", 10), Map.entry("zebra", 11), Map.entry("bird", 12), Map.entry("dnrouted", 13), Map.entry("xorp", 14),
            Map.entry("ntk", 15), Map.entry("dhcp", 16), Map.entry("keepalived", 18), Map.entry("babel", 42), Map.entry("openr", 99),
            Map.entry("bgp", 186), Map.entry("isis", 187), Map.entry("ospf", 188), Map.entry("rip", 189), Map.entry("eigrp", 192));

    /**
     * {@code " proto N"} for a protocol as {@code ip -j route} names it, as a number (see {@link #routeLine}); empty for a
     * name this table does not know (a delete then matches on destination and device alone).
     */
    static String protoClause(String protocol) {
        if (protocol.matches("[0-9]{1,3}")) {
            return " proto " + protocol;
        }
        Integer n = PROTOCOLS.get(protocol);
        return n == null ? "" : " proto " + n;
    }

    /** The batch line that deletes kernel route {@code k} as read back. */
    private static String deleteLine(KernelRoute k) {
        return "route del " + (k.type().equals("blackhole") ? "blackhole " : "") + k.dst() + (k.dev() == null ? "" : " dev " + k.dev())
                + protoClause(k.protocol());
    }

    private static List<String> cleanupLines(Snapshot now) {
        List<String> out = new ArrayList<>();
        for (KernelRoute k : now.routes()) {
            if (owned(k)) {
                out.add(deleteLine(k));
            }
        }
        for (String dev : new String[] {VXLAN_V4, VXLAN_V6}) {
            if (now.links().containsKey(dev)) {
                out.add("link del " + dev);
            }
        }
        return out;
    }

    private void runBatch(List<String> lines) {
        CommandRunner.Result r = exec.run(List.of("ip", "-batch", "-"), String.join("\n", lines) + "\n");
        if (!r.ok()) {
            throw new CommandRunner.CommandException("ip -batch (" + exec + ") failed: " + r.stderr().strip() + "; the batch was:\n"
                    + String.join("\n", lines));
        }
    }

    /** Refuses an interface name that could not be a Linux device's (or that would break a batch line). */
    static String iface(String name) {
        if (!IFACE.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid interface name (1-15 of letters, digits, '_', '.', '-')");
        }
        return name;
    }
}
