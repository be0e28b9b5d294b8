package org.calico4j.dataplane.bgp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.calico4j.client.CalicoClient;
import org.calico4j.dataplane.bgp.BgpIntent.KernelAction;
import org.calico4j.dataplane.bgp.BgpIntent.PoolPolicy;
import org.calico4j.model.BgpFilter;
import org.calico4j.model.BgpFilterRule;
import org.calico4j.model.JsonValue;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * Renders a node's {@link BgpIntent} as one BIRD 2 configuration file with the effect of the
 * {@code bird.cfg}, {@code bird_aggr.cfg} and {@code bird_ipam.cfg} (and their IPv6 twins) that Calico
 * v3.32.1's confd writes for Calico's BIRD 1 fork: the same protocols and names, neighbours, AS numbers,
 * timers, passwords, filters (BGPFilter rules in full) and route ownership.
 *
 * <p>BIRD 1 → BIRD 2 translations: per-family functions, filters and protocols carry a {@code _v4}/{@code _v6}
 * suffix and sessions' filters sit in their channel; {@code listen bgp address A port P} is the template's
 * {@code local port P} and {@code strict bind} on source address A; BIRD 2 has no {@code krt_tunnel}, so IPIP
 * routes go through {@code tunl0} by static helper routes {@code <peer>/32 via <peer>%tunl0 onlink}
 * ({@code protocol static calico_ipip_v4}) that BGP's recursive next hops resolve through; the kernel filter
 * keeps those helpers themselves out of the kernel, so the BGP session to the peer stays on the underlay, and sends
 * the other pools' routes whose next hop is in this node's subnet to it directly ({@code krt_tunnel=""}; next hops in
 * other subnets are a known gap; this needs the underlay interface, see {@link #render(BgpIntent, List, String)}).
 *
 * <p>Nothing from a resource or a secret reaches the file unchecked: addresses and prefixes are parsed values,
 * numbers are numbers, and every other string (passwords, interface patterns, filter names, community values,
 * cluster IDs) is validated against what BIRD can hold; a value that fails is left out with a comment saying
 * which field and rule (a session with an unusable password is rendered {@code disabled}).
 *
 * <pre>{@code
 * String conf = BirdConfig.render(intent, filters);
 * Files.writeString(dir.resolve("bird.conf"), conf);
 * }</pre>
 */
public final class BirdConfig {
    /** BIRD's maximum symbol length (confd: {@code maxBIRDSymLen}). */
    static final int MAX_SYMBOL = 64;
    /** 2^31 - 1: confd converts priorities to and from {@code bgp_local_pref} with it. */
    static final long BIRD_INT_MAX = 2147483647L;
    private static final Pattern FILTER_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final Pattern IFACE = Pattern.compile("[A-Za-z0-9_.:*?+@-]{1,64}");
    private static final Pattern COMMUNITY = Pattern.compile("(\\d{1,10}):(\\d{1,10})(?::(\\d{1,10}))?");
    private static final Pattern CLUSTER_ID = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    /**
     * The BIRD 2 statement for confd's {@code krt_tunnel=""} when calico_ipip helper routes exist and the underlay
     * interface is known ({@link #render(BgpIntent, List, String)}): a route that BGP's recursive next hop sent into
     * {@code tunl0} although its next hop lies in this node's subnet goes to it over the underlay. The interface is set
     * before the gateway because BIRD 2.0.12 keeps an onlink next hop's interface when only {@code gw} is set (the
     * kernel route is then {@code via <next hop> dev <underlay> onlink}). Next hops outside the subnet stay resolved
     * through the helper: with IPIP beside another pool and nodes on several subnets, those routes go into tunl0 where
     * Calico's BIRD fork routes them over the underlay through the gateway (a known gap of the BIRD 2 translation).
     */
    static final String ON_SUBNET_DIRECT =
            "if (ifname = \"tunl0\" && defined(bgp_next_hop) && bgp_next_hop ~ SUBNET) then { ifname = \"IFACE\"; gw = bgp_next_hop; }";
    private static final Pattern UNDERLAY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");

    private BirdConfig() {
    }

    /**
     * Node {@code node}'s configuration from what {@code client} holds, every input gathered in one call
     * (see {@link #render(CalicoClient, String, SecretResolver)}); BGP passwords from secrets are not
     * resolved (their sessions are rendered without one).
     *
     * <pre>{@code
     * String conf = BirdConfig.render(client, "node-1");
     * }</pre>
     *
     * @param client the datastore to read the inputs from
     * @param node   the Node's name
     * @return the BIRD configuration text
     * @throws org.calico4j.client.NotFoundException when there is no Node named {@code node}
     */
    public static String render(CalicoClient client, String node) {
        return render(client, node, SecretResolver.none());
    }

    /**
     * Node {@code node}'s configuration from what {@code client} holds: nodes, BGP peers, BGP
     * configurations and filters, IP pools, IPAM blocks and block affinities (the node's block routes),
     * and workload endpoints (borrowed addresses), listed at one revision; the same text as
     * {@code render(BgpIntents.compute(everything, secrets).get(node), filters)}.
     *
     * <pre>{@code
     * String conf = BirdConfig.render(client, "node-1", SecretResolver.of(Map.of("bgp/tor", "s3cret")));
     * }</pre>
     *
     * @param client  the datastore to read the inputs from
     * @param node    the Node's name
     * @param secrets resolves BGP peer passwords held in secrets
     * @return the BIRD configuration text
     * @throws org.calico4j.client.NotFoundException when there is no Node named {@code node} (naming the nodes there are)
     * @throws IllegalStateException when the datastore holds an input it cannot decode
     */
    public static String render(CalicoClient client, String node, SecretResolver secrets) {
        List<org.calico4j.model.Resource> inputs = BgpIntents.inputs(client);
        List<BgpFilter> filters = inputs.stream().filter(r -> r instanceof BgpFilter).map(r -> (BgpFilter) r).toList();
        return render(BgpIntents.forNode(inputs, node, secrets), filters);
    }

    /**
     * A node's bird.conf (BIRD 2), as confd renders Calico's templates, for an intent whose sessions name no BGPFilter.
     *
     * @param intent the node's BGP intent
     * @return the configuration text
     */
    public static String render(BgpIntent intent) {
        return render(intent, List.of());
    }

    /**
     * The configuration, with the BGPFilters the sessions name.
     *
     * @param intent  the node's BGP intent
     * @param filters the BGPFilters (at least those the sessions name)
     * @return the configuration text
     */
    public static String render(BgpIntent intent, List<BgpFilter> filters) {
        return renderAll(intent, filters, null);
    }

    /**
     * As {@link #render(BgpIntent, List)}, naming the node's underlay interface (the one holding its address, such as
     * {@code eth0}). With it, when an IPIP pool's helper routes would take them into {@code tunl0}, the routes of the other
     * pools (and of IPIP CrossSubnet pools) whose BGP next hop is in this node's subnet go to that next hop over the
     * underlay, as confd's {@code krt_tunnel=""} has it; without it they go into {@code tunl0}. Next hops in other subnets
     * still go into {@code tunl0} (BIRD 2 cannot send them through the gateway as Calico's BIRD fork does: a known gap).
     *
     * @param intent            the node's BGP intent
     * @param filters           the BGPFilters (at least those the sessions name)
     * @param underlayInterface the interface holding the node's address
     * @return the configuration text
     * @throws IllegalArgumentException when {@code underlayInterface} is not a Linux interface name
     */
    public static String render(BgpIntent intent, List<BgpFilter> filters, String underlayInterface) {
        if (!UNDERLAY.matcher(underlayInterface).matches()) {
            throw new IllegalArgumentException("underlayInterface: '" + comment(underlayInterface)
                    + "' is not a Linux interface name (1 to 15 of A-Z a-z 0-9 _ . -, not starting with one of _ . -)");
        }
        return renderAll(intent, filters, underlayInterface);
    }

    private static String renderAll(BgpIntent intent, List<BgpFilter> filters, @Nullable String underlay) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Generated by calico4j for node ").append(comment(intent.node()))
                .append(": Calico v3.32.1 confd's BIRD configuration, in BIRD 2 syntax.\n");
        sb.append("router id ").append(intent.routerId()).append(";\n");
        String debug = debug(intent.logLevel());
        sb.append("\n# Watch interface up/down events.\nprotocol device {\n").append(debug).append("  scan time 2;    # Scan interfaces every 2 seconds\n}\n");
        sb.append("protocol direct {\n").append(debug);
        sb.append("  ipv4;\n  ipv6;\n");
        sb.append("  interface ");
        for (String i : intent.ignoredInterfaces()) {
            if (IFACE.matcher(i).matches()) {
                sb.append("-\"").append(i).append("\", ");
            } else {
                sb.append("# ignoredInterfaces: '").append(comment(i)).append("' left out (not an interface name or pattern)\n    ");
            }
        }
        sb.append("-\"cali*\", -\"kube-ipvs*\", \"*\"; # Exclude cali* and kube-ipvs*, include everything else.\n}\n");
        for (int v : new int[] {4, 6}) {
            BgpIntent.Family f = intent.routes(v);
            if (f == null) {
                sb.append("\n# IPv").append(v).append(" disabled on this node.\n");
                continue;
            }
            family(sb, f, v, debug, filters, underlay);
        }
        return sb.toString();
    }

    /** {@code debug all;} for debug, nothing for none, {@code debug { states };} otherwise (v3.32.1). */
    private static String debug(String level) {
        switch (level) {
            case "debug":
                return "  debug all;\n";
            case "none":
                return "";
            default:
                return "  debug { states };\n";
        }
    }

    /** Text for a comment: one line, printable ASCII. */
    static String comment(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }

    private static boolean ipip(BgpIntent.Family f) {
        return !f.ipipTunnelPeers().isEmpty();
    }

    private static void family(StringBuilder sb, BgpIntent.Family f, int v, String debug, List<BgpFilter> filters, @Nullable String underlay) {
        String s = "_v" + v;
        String ch = "ipv" + v;
        int prio = f.normalRoutePriority();
        sb.append("\n# ===================== IPv").append(v).append(" =====================\n");
        // apply_communities
        sb.append("function apply_communities").append(s).append(" ()\n{\n");
        for (Map.Entry<Cidr, List<String>> e : f.communities().entrySet()) {
            List<String> adds = new ArrayList<>();
            for (String c : e.getValue()) {
                String add = communityAdd(c);
                adds.add(add != null ? add : "# community '" + comment(c) + "' left out: not <n>:<n> or <n>:<n>:<n>");
            }
            sb.append("  if ( net ~ ").append(e.getKey()).append(" ) then {\n");
            adds.forEach(a -> sb.append("    ").append(a).append('\n'));
            sb.append("  }\n");
        }
        sb.append("}\n");
        // bird_aggr: static routes and aggregation
        sb.append("protocol static static").append(s).append(" {\n  ").append(ch).append(";\n");
        boolean any = false;
        List<Cidr> blackholes = new ArrayList<>(f.localBlocks());
        blackholes.addAll(f.releasingBlocks());
        for (Cidr b : blackholes) {
            if (b.prefixLength() != b.address().bitLength()) {
                sb.append("  route ").append(b).append(" blackhole;\n");
                any = true;
            }
        }
        for (Cidr c : f.staticRoutes()) {
            sb.append("  route ").append(c).append(" blackhole;\n");
            any = true;
        }
        for (BgpSession p : f.sessions()) {
            if (p.reachableBy() != null) {
                sb.append("  route ").append(Cidr.of(p.peerIp(), p.peerIp().bitLength())).append(" via ").append(p.reachableBy()).append(";\n");
                any = true;
            }
        }
        if (!any) {
            sb.append("  # No IP blocks or static routes for this host.\n");
        }
        sb.append("}\n");
        if (ipip(f)) {
            // Sorted: the set's own order differs between runs, the rendered text must not.
            sb.append("# IPIP: BGP next hops of these peers resolve through tunl0 (BIRD 2 has no krt_tunnel).\n")
                    .append("protocol static calico_ipip").append(s).append(" {\n  ").append(ch).append(";\n");
            for (IpAddress t : new TreeSet<>(f.ipipTunnelPeers())) {
                sb.append("  route ").append(Cidr.of(t, t.bitLength())).append(" via ").append(t).append("%tunl0 onlink;\n");
            }
            sb.append("}\n");
        }
        sb.append("# Aggregation of routes on this host; export the block, nothing beneath it.\nfunction calico_aggr").append(s).append(" ()\n{\n");
        for (Cidr b : f.localBlocks()) {
            sb.append("  # Block ").append(b).append(" is confirmed.\n")
                    .append("  if ( net = ").append(b).append(" ) then { accept; }\n")
                    .append("  if ( net ~ ").append(b).append(" && krt_metric < ").append(prio).append(" ) then { accept; }\n")
                    .append("  if ( net ~ ").append(b).append(" ) then { reject; }\n");
        }
        for (Cidr b : f.releasingBlocks()) {
            sb.append("  # Block ").append(b).append(" is pendingDeletion\n");
        }
        sb.append("}\n");
        // bird_ipam: export and kernel policy
        sb.append("function reject_tunnel_routes").append(s).append(" () {\n")
                .append("  # Don't export tunnel routes to other nodes, Felix programs them.\n")
                .append("  if (defined(ifname)) then {\n     if ((ifname ~ \"*.cali\") || (ifname ~ \"*.calico\")) then {\n        reject;\n     }\n  }\n}\n");
        sb.append("function reject_local_routes").append(s).append(" () {\n")
                .append("  # Don't export local routes learned via BPF as they should never leave the node.\n")
                .append("  if (defined(ifname)) then {\n     if (ifname ~ \"bpf*.cali\") then {\n        reject;\n     }\n  }\n}\n");
        sb.append("function calico_export_to_bgp_peers").append(s).append("(bool internal_peer) {\n");
        for (PoolPolicy p : f.pools()) {
            if (p.disableBgpExport()) {
                sb.append("  if (net ~ ").append(p.cidr()).append(") then { reject; } # BGP export is disabled.\n");
            }
        }
        sb.append("  if (internal_peer) then {\n    reject_tunnel_routes").append(s).append("();\n  }\n")
                .append("  reject_local_routes").append(s).append("();\n")
                .append("  apply_communities").append(s).append("();\n")
                .append("  calico_aggr").append(s).append("();\n");
        for (Cidr c : f.staticRoutes()) {
            sb.append("  if ( net ~ ").append(c).append(" ) then { accept; }\n");
        }
        for (Cidr c : f.rrExtraRanges()) {
            sb.append("  if ( net ~ ").append(c).append(" ) then { accept; } # Route reflector: LoadBalancer range.\n");
        }
        for (PoolPolicy p : f.pools()) {
            if (!p.disableBgpExport()) {
                sb.append("  if (net ~ ").append(p.cidr()).append(") then { accept; }\n");
            }
        }
        sb.append("}\n");
        sb.append("filter calico_kernel_programming").append(s).append(" {\n");
        if (ipip(f)) {
            sb.append("  if (proto = \"calico_ipip").append(s).append("\") then reject; # the IPIP helper routes stay in BIRD\n");
        }
        for (Cidr c : f.rejectCidrs()) {
            sb.append("  if ( net ~ ").append(c).append(" ) then { reject; }\n");
        }
        sb.append("  if (defined(source) && (source = RTS_BGP) && !defined(krt_metric)) then {\n")
                .append("      krt_metric = ").append(prio).append(";\n      if (defined(bgp_local_pref)) then {\n")
                .append("          krt_metric = ").append(BIRD_INT_MAX).append(" - bgp_local_pref;\n      }\n")
                .append("      if (krt_metric < ").append(prio).append(") then {\n          preference = 200;\n      }\n  }\n");
        // confd: IPv4 pool lines need the node's subnet; IPv6 keeps only the rejecting ones (accept is the default).
        if (v == 6 || f.network() != null) {
            for (PoolPolicy p : f.pools()) {
                boolean rejects = p.kernel() == KernelAction.REJECT_VXLAN || p.kernel() == KernelAction.REJECT_FELIX;
                if (v == 4 || rejects) {
                    sb.append("  if (net ~ ").append(p.cidr()).append(") then { ");
                    if (underlay != null && ipip(f) && f.network() != null
                            && (p.kernel() == KernelAction.ACCEPT || p.kernel() == KernelAction.IPIP_CROSS_SUBNET)) {
                        // krt_tunnel="" in confd: a next hop in this subnet is reached directly, although a helper of
                        // calico_ipip resolved it through tunl0 (for another pool's IPIP routes).
                        sb.append(ON_SUBNET_DIRECT.replace("SUBNET", f.network().toString()).replace("IFACE", underlay)).append(" ");
                    }
                    sb.append(kernel(p.kernel())).append("\n");
                }
            }
        }
        sb.append("  accept;\n}\n");
        sb.append("# Configure synchronization between routing tables and kernel.\nprotocol kernel kernel").append(s).append(" {\n")
                .append("  ").append(ch).append(" {\n    import all;\n    export filter calico_kernel_programming").append(s)
                .append("; # Default is export none\n  };\n")
                .append("  learn;             # Learn all alien routes from the kernel\n")
                .append("  persist;           # Don't remove routes on bird shutdown\n")
                .append("  scan time 2;       # Scan kernel routing table every 2 seconds\n")
                .append("  graceful restart;  # Reduce flaps when BIRD reloads its configuration\n")
                .append("  merge paths on;    # Allow export multipath routes (ECMP)\n")
                .append("  metric 0;          # Keep each route's krt_metric\n}\n");
        if (f.address() == null) {
            sb.append("# IPv").append(v).append(" disabled on this node: no address, no BGP (routes above only).\n");
            return;
        }
        // BGP template, filters, peers
        sb.append("# Template for all BGP clients\ntemplate bgp bgp_template").append(s).append(" {\n").append(debug)
                .append("  description \"Connection to BGP peer\";\n")
                .append("  local as ").append(f.asNumber().value()).append(";\n");
        if (f.listenPort() != 0) {
            sb.append("  local port ").append(f.listenPort()).append(";\n");
        }
        if (f.listenAddress() != null) {
            sb.append("  strict bind on;   # bindMode NodeIP: listen on the node's address only\n")
                    .append("  source address ").append(f.listenAddress()).append(";\n");
        }
        sb.append("  connect delay time 2;\n  connect retry time 5;\n  error wait time 5,30;\n")
                .append("  ").append(ch).append(" {\n    gateway recursive; # This should be the default, but just in case.\n")
                .append("    add paths on;\n    graceful restart;\n  };\n}\n");
        sb.append("# -------------- BGP Filters ------------------\n");
        Map<String, Boolean> rendered = bgpFilters(sb, filters, v);
        if (rendered.isEmpty()) {
            sb.append("# No v").append(v).append(" BGPFilters configured\n");
        }
        if (f.sessions().isEmpty()) {
            sb.append("# No BGP peers configured for this node\n");
        } else {
            sb.append("# BGP Protocol Configurations\n");
        }
        for (BgpSession p : f.sessions()) {
            peer(sb, p, s, ch, v, f.normalRoutePriority(), rendered);
        }
    }

    private static String kernel(KernelAction k) {
        switch (k) {
            case REJECT_VXLAN:
                return "reject; } # VXLAN routes are handled by Felix.";
            case REJECT_FELIX:
                return "reject; } # Cluster routes are handled by Felix.";
            case IPIP_ALWAYS:
                return "accept; } # IPIP: through tunl0 (protocol static calico_ipip_v4).";
            case IPIP_CROSS_SUBNET:
                return "accept; } # IPIP CrossSubnet: through tunl0 for next hops outside this subnet (calico_ipip_v4).";
            default:
                return "accept; }";
        }
    }

    /** Why a BGP password cannot be written into a BIRD string (which has no escapes), or null when it can. */
    static @Nullable String passwordProblem(String password) {
        if (password.isEmpty()) {
            return "it is empty";
        }
        for (char c : password.toCharArray()) {
            if (c == '"') {
                return "it contains '\"' (BIRD strings cannot hold one)";
            }
            if (c < 0x20 || c == 0x7f) {
                return "it contains a control character (a BIRD string ends at a line break)";
            }
        }
        return null;
    }

    private static void peer(StringBuilder sb, BgpSession p, String s, String ch, int v, int prio, Map<String, Boolean> filterFns) {
        sb.append("protocol bgp ").append(p.name()).append(" from bgp_template").append(s).append(" {\n");
        if (p.explicitTtl()) {
            sb.append(p.ttlSecurity() == null ? "  ttl security off;\n  multihop;\n"
                    : "  ttl security on;\n  multihop " + p.ttlSecurity() + ";\n");
        }
        if (p.localAs() != null) {
            sb.append("  local as ").append(p.localAs().value()).append(";\n");
        }
        sb.append("  neighbor ").append(p.peerIp()).append(p.port() == 0 ? "" : " port " + p.port()).append(" as ")
                .append(p.peerAs().value()).append(";\n");
        if (p.sourceAddress() != null) {
            sb.append("  source address ").append(p.sourceAddress()).append(";  # The local address we use for the TCP connection\n");
        }
        if (p.passive()) {
            sb.append("  passive on;\n");
        }
        if (p.restartTime() != null) {
            sb.append("  graceful restart time ").append(p.restartTime().toSeconds()).append(";\n");
        }
        if (p.keepaliveTime() != null) {
            sb.append("  keepalive time ").append(p.keepaliveTime().toSeconds()).append(";\n");
        }
        if (p.rrClusterId() != null) {
            if (CLUSTER_ID.matcher(p.rrClusterId()).matches() && IpAddress.tryParse(p.rrClusterId()).isPresent()) {
                sb.append("  rr client;\n  rr cluster id ").append(p.rrClusterId()).append(";\n");
            } else {
                sb.append("  # routeReflectorClusterID '").append(comment(p.rrClusterId())).append("' left out: not an IPv4 address\n");
            }
        }
        if (p.password() != null) {
            String problem = passwordProblem(p.password());
            if (problem == null) {
                sb.append("  password \"").append(p.password()).append("\";\n");
            } else {
                sb.append("  disabled;  # password from ").append(p.passwordSecret() == null ? "the node mesh" : comment(p.passwordSecret()))
                        .append(" refused: ").append(problem).append('\n');
            }
        } else if (p.passwordSecret() != null) {
            sb.append("  # password: from secret ").append(comment(p.passwordSecret())).append(", which this renderer could not read\n");
        }
        if (p.allowLocalAs() != null) {
            sb.append("  allow local as ").append(p.allowLocalAs()).append(";\n");
        }
        String sameAs = String.valueOf(p.internal());
        sb.append("  ").append(ch).append(" {\n    import filter {\n");
        for (String f : p.filters()) {
            Boolean typed = filterFns.get(f + "/import");
            if (typed != null) {
                sb.append("      ").append(filterFunction(f, "import", v)).append(typed ? "(" + sameAs + ");\n" : "();\n");
            }
        }
        sb.append("      if (defined(bgp_local_pref)&&(bgp_local_pref > ").append(BIRD_INT_MAX - prio).append(")) then\n        preference = 200;\n      accept;\n    };\n")
                .append("    export filter {\n")
                .append("      if (defined(source) && source = RTS_BGP && defined(bgp_local_pref)) then {\n")
                .append("        krt_metric = ").append(BIRD_INT_MAX).append(" - bgp_local_pref;\n      } else {\n")
                .append("        if (!defined(krt_metric)) then { krt_metric = ").append(prio).append("; }\n")
                .append("        bgp_local_pref = ").append(BIRD_INT_MAX).append(" - krt_metric;\n      }\n");
        for (String f : p.filters()) {
            Boolean typed = filterFns.get(f + "/export");
            if (typed != null) {
                sb.append("      ").append(filterFunction(f, "export", v)).append(typed ? "(" + sameAs + ");\n" : "();\n");
            }
        }
        sb.append("      calico_export_to_bgp_peers").append(s).append("(").append(sameAs).append(");\n      reject;\n")
                .append("    };  # Only want to export routes for workloads.\n");
        if (p.nextHop() != null) {
            sb.append("    next hop ").append(p.nextHop()).append(";\n");
        }
        sb.append("  };\n}\n");
    }

    /** confd's BGPFilterFunctionName: {@code 'bgp_<name>_<direction>FilterV<n>'}, the name shortened to fit BIRD's 64 characters. */
    static String filterFunction(String name, String direction, int v) {
        int room = MAX_SYMBOL - ("bgp_" + "_" + direction + "FilterV" + v).length();
        return "'bgp_" + truncateAndHash(name, room) + "_" + direction + "FilterV" + v + "'";
    }

    /** confd's TruncateAndHashName: names longer than {@code max} become their first part, '_' and 16 hex digits of SHA-256. */
    static String truncateAndHash(String name, int max) {
        if (name.length() <= max) {
            return name;
        }
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
        String hex = HexFormat.of().withUpperCase().formatHex(h);
        return name.substring(0, max - 17) + "_" + hex.substring(0, 16);
    }

    private static @Nullable String communityAdd(String value) {
        java.util.regex.Matcher m = COMMUNITY.matcher(value);
        if (!m.matches() || !fits32(m.group(1)) || !fits32(m.group(2)) || (m.group(3) != null && !fits32(m.group(3)))) {
            return null;
        }
        if (m.group(3) == null) {
            return Long.parseLong(m.group(1)) > 65535 || Long.parseLong(m.group(2)) > 65535 ? null
                    : "bgp_community.add((" + m.group(1) + ", " + m.group(2) + "));";
        }
        return "bgp_large_community.add((" + m.group(1) + ", " + m.group(2) + ", " + m.group(3) + "));";
    }

    private static boolean fits32(String n) {
        return Long.parseLong(n) <= 4294967295L;
    }

    private static List<BgpFilterRule> rules(BgpFilter f, String dir, int v) {
        return v == 4 ? (dir.equals("import") ? f.spec().importV4() : f.spec().exportV4())
                : (dir.equals("import") ? f.spec().importV6() : f.spec().exportV6());
    }

    /**
     * BGPFilter functions for the rules of this family (confd's bgpFilterBIRDFuncs); returns, per
     * "name/import" and "name/export" rendered, whether the function takes {@code is_same_as} (a rule has a peerType).
     */
    private static Map<String, Boolean> bgpFilters(StringBuilder sb, List<BgpFilter> filters, int v) {
        Map<String, Boolean> out = new java.util.LinkedHashMap<>();
        List<BgpFilter> sorted = new ArrayList<>(filters);
        sorted.sort(java.util.Comparator.comparing(BgpFilter::name));
        for (BgpFilter f : sorted) {
            if (rules(f, "import", v).isEmpty() && rules(f, "export", v).isEmpty()) {
                continue;
            }
            if (!FILTER_NAME.matcher(f.name()).matches()) {
                sb.append("# BGPFilter '").append(comment(f.name())).append("' left out: not a lower-case DNS name\n");
                continue;
            }
            sb.append("# v").append(v).append(" BGPFilter ").append(f.name()).append('\n');
            for (String dir : List.of("import", "export")) {
                List<BgpFilterRule> rules = rules(f, dir, v);
                if (rules.isEmpty()) {
                    continue;
                }
                List<String> lines = new ArrayList<>();
                boolean typed = false;
                String problem = null;
                for (BgpFilterRule r : rules) {
                    try {
                        String peerType = text(r.extra().get("peerType"));
                        String stmt = statement(r, v);
                        if ("iBGP".equals(peerType)) {
                            stmt = "if (is_same_as) then { " + stmt + " }";
                            typed = true;
                        } else if ("eBGP".equals(peerType)) {
                            stmt = "if (!is_same_as) then { " + stmt + " }";
                            typed = true;
                        } else if (peerType != null) {
                            throw new IllegalArgumentException("peerType '" + comment(peerType) + "' is not iBGP or eBGP");
                        }
                        lines.add("  " + stmt);
                    } catch (IllegalArgumentException e) {
                        problem = e.getMessage();
                        break;
                    }
                }
                String fn = filterFunction(f.name(), dir, v);
                if (problem != null) {
                    // A rule BIRD cannot be given: the whole function refuses everything rather than half-applying it.
                    sb.append("function ").append(fn).append("() {\n  # BGPFilter ").append(f.name()).append(' ').append(dir).append("V").append(v)
                            .append(": ").append(comment(problem)).append("; every route refused\n  reject;\n}\n");
                    out.put(f.name() + "/" + dir, false);
                    continue;
                }
                sb.append("function ").append(fn).append(typed ? "(bool is_same_as) {\n" : "() {\n");
                lines.forEach(l -> sb.append(l).append('\n'));
                sb.append("}\n");
                out.put(f.name() + "/" + dir, typed);
            }
        }
        return out;
    }

    private static @Nullable String text(@Nullable JsonValue v) {
        if (v == null) {
            return null;
        }
        JsonNode n = v.toJsonNode();
        return n.isNull() ? null : n.asText();
    }

    /** confd's filterStatement: the rule's conditions joined with {@code &&}, its operations, its action. */
    static String statement(BgpFilterRule r, int v) {
        String action = r.action().toLowerCase(Locale.ROOT);
        if (!action.equals("accept") && !action.equals("reject")) {
            throw new IllegalArgumentException("action '" + r.action() + "' is not Accept or Reject");
        }
        List<String> conds = new ArrayList<>();
        if (!r.cidr().isEmpty()) {
            Cidr c = Cidr.tryParse(r.cidr()).orElseThrow(() -> new IllegalArgumentException("cidr '" + r.cidr() + "' is not a CIDR"));
            String op;
            switch (r.matchOperator()) {
                case "Equal":
                    op = "=";
                    break;
                case "NotEqual":
                    op = "!=";
                    break;
                case "In":
                    op = "~";
                    break;
                case "NotIn":
                    op = "!~";
                    break;
                default:
                    throw new IllegalArgumentException("matchOperator '" + r.matchOperator() + "' is not Equal, NotEqual, In or NotIn");
            }
            String target = c.toString();
            if (r.prefixLength().isPresent()) {
                int min = Math.max(c.prefixLength(), r.prefixLength().get().min().orElse(c.prefixLength()));
                int max = Math.min(c.address().bitLength(), r.prefixLength().get().max().orElse(c.address().bitLength()));
                target = "[ " + c + "{" + min + "," + max + "} ]";
            }
            conds.add("(net " + op + " " + target + ")");
        }
        if (!r.source().isEmpty()) {
            if (!r.source().equals("RemotePeers")) {
                throw new IllegalArgumentException("source '" + r.source() + "' is not RemotePeers");
            }
            conds.add("((defined(source))&&(source ~ [ RTS_BGP ]))");
        }
        if (!r.iface().isEmpty()) {
            if (!IFACE.matcher(r.iface()).matches()) {
                throw new IllegalArgumentException("interface '" + r.iface() + "' is not an interface name or pattern");
            }
            conds.add("((defined(ifname))&&(ifname ~ \"" + r.iface() + "\"))");
        }
        JsonValue communities = r.extra().get("communities");
        if (communities != null && !communities.toJsonNode().isNull()) {
            JsonNode values = communities.toJsonNode().path("values");
            if (!values.isArray() || values.isEmpty()) {
                throw new IllegalArgumentException("communities has no values");
            }
            java.util.regex.Matcher m = COMMUNITY.matcher(values.get(0).asText());
            if (!m.matches() || communityAdd(values.get(0).asText()) == null) {
                throw new IllegalArgumentException("community '" + values.get(0).asText() + "' is not <n>:<n> or <n>:<n>:<n>");
            }
            conds.add(m.group(3) == null ? "((" + m.group(1) + ", " + m.group(2) + ") ~ bgp_community)"
                    : "((" + m.group(1) + ", " + m.group(2) + ", " + m.group(3) + ") ~ bgp_large_community)");
        }
        JsonValue asPath = r.extra().get("asPathPrefix");
        if (asPath != null && asPath.toJsonNode().isArray() && !asPath.toJsonNode().isEmpty()) {
            List<String> asns = new ArrayList<>();
            for (JsonNode a : asPath.toJsonNode()) {
                asns.add(String.valueOf(asNumber(a)));
            }
            conds.add("(bgp_path ~ [= " + String.join(" ", asns) + " * =])");
        }
        JsonValue priority = r.extra().get("priority");
        if (priority != null && !priority.toJsonNode().isNull()) {
            conds.add("(defined(bgp_local_pref)&&(bgp_local_pref = " + (BIRD_INT_MAX - priority(priority.toJsonNode())) + "))");
        }
        List<String> body = new ArrayList<>();
        JsonValue operations = r.extra().get("operations");
        if (operations != null && operations.toJsonNode().isArray()) {
            for (JsonNode op : operations.toJsonNode()) {
                if (op.has("addCommunity")) {
                    String value = op.path("addCommunity").path("value").asText("");
                    String add = communityAdd(value);
                    if (add == null) {
                        throw new IllegalArgumentException("addCommunity '" + value + "' is not <n>:<n> or <n>:<n>:<n>");
                    }
                    body.add(add);
                } else if (op.has("prependASPath")) {
                    JsonNode prefix = op.path("prependASPath").path("prefix");
                    for (int i = prefix.size() - 1; i >= 0; i--) {
                        body.add("bgp_path.prepend(" + asNumber(prefix.get(i)) + ");");
                    }
                } else if (op.has("setPriority")) {
                    body.add("bgp_local_pref = " + (BIRD_INT_MAX - priority(op.path("setPriority").path("value"))) + ";");
                } else {
                    throw new IllegalArgumentException("an operation has no addCommunity, prependASPath or setPriority");
                }
            }
        }
        body.add(action + ";");
        String b = String.join(" ", body);
        return conds.isEmpty() ? b : "if (" + String.join("&&", conds) + ") then { " + b + " }";
    }

    private static long asNumber(JsonNode n) {
        String t = n.asText();
        try {
            long a;
            int dot = t.indexOf('.');
            a = dot < 0 ? Long.parseLong(t) : (Long.parseLong(t.substring(0, dot)) << 16) + Long.parseLong(t.substring(dot + 1));
            if (a >= 0 && a <= 4294967295L) {
                return a;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("AS number '" + t + "' is not a 32-bit AS number");
    }

    private static long priority(JsonNode n) {
        if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 0 || n.asLong() > BIRD_INT_MAX) {
            throw new IllegalArgumentException("priority '" + n.asText() + "' is not a number between 0 and 2147483647");
        }
        return n.asLong();
    }
}
