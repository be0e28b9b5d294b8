package org.calico4j.dataplane.calc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.calico4j.dataplane.HostInfo;
import org.calico4j.dataplane.LocalWorkload;
import org.calico4j.dataplane.NatSettings;
import org.calico4j.dataplane.PoolInfo;
import org.calico4j.dataplane.RoutingSettings;
import org.calico4j.dataplane.internal.BlockIndex;
import org.calico4j.dataplane.internal.CidrTrie;
import org.calico4j.model.AllowedUse;
import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.EncapsulationMode;
import org.calico4j.model.FelixConfiguration;
import org.calico4j.model.FelixConfigurationSpec;
import org.calico4j.model.IpPool;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.ServiceIpBlock;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * What the calculation has been told, indexed for the lookups its incremental updates need. Nothing
 * here depends on which node asks, so one instance can serve every node of a cluster
 * ({@link ClusterCalculation}) as well as one node ({@link Calculation}).
 */
final class Inputs {
    /** A WorkloadEndpoint as the calculation needs it: its node, and what a node hosting it holds (built once, shared by every lookup). */
    record Workload(String node, LocalWorkload local) {
        String key() {
            return local.key();
        }

        String interfaceName() {
            return local.interfaceName();
        }

        List<IpAddress> ips() {
            return local.ipNetworks().stream().map(Cidr::address).toList();
        }
    }

    final Map<String, PoolInfo> pools = new HashMap<>();
    final CidrTrie<PoolInfo> poolTrie = new CidrTrie<>();
    final Map<String, HostInfo> nodes = new HashMap<>();
    /** Node addresses to the nodes that have them (two nodes may claim one). */
    private final Map<IpAddress, Set<String>> nodesByAddress = new HashMap<>();
    /** Blocks by CIDR, sorted by address so a pool's blocks are one range. */
    final TreeMap<Cidr, IpamBlock> blocks = new TreeMap<>();
    /** The same blocks by hash, for lookups (a trace asks for a block at every hop). */
    private final BlockIndex<IpamBlock> blockIndex = new BlockIndex<>();
    final Map<String, Set<Cidr>> blocksByHost = new HashMap<>();
    final Map<String, Workload> workloads = new HashMap<>();
    final Map<IpAddress, String> workloadNodeByIp = new HashMap<>();
    /** Each node's workloads by key, and by address. */
    final Map<String, Map<String, Workload>> workloadsByNode = new HashMap<>();
    /** The keys of the workloads holding each address, sorted. */
    private final Map<IpAddress, Set<String>> keysByIp = new HashMap<>();
    final Map<String, Map<IpAddress, Workload>> localByNode = new HashMap<>();
    /** Allocations whose block records a {@code node} attribute. */
    final Map<IpAddress, String> attributeNodeByIp = new HashMap<>();
    /** Addresses used on another node than their block's: each gets a route of its own. */
    final TreeMap<IpAddress, String> borrowed = new TreeMap<>();
    /** The addresses used on each node (by WorkloadEndpoints or allocation attributes), for node changes. */
    final Map<String, Set<IpAddress>> addressesByNode = new HashMap<>();
    final Map<String, FelixConfiguration> felix = new HashMap<>();
    @Nullable BgpConfiguration bgp;

    /** Records a pool (null: deleted) and returns what was there. */
    @Nullable PoolInfo setPool(String name, @Nullable IpPool pool) {
        PoolInfo old = pools.remove(name);
        PoolInfo now = pool == null ? null : poolInfo(pool);
        if (now != null) {
            pools.put(name, now);
        }
        if (old != null) {
            poolTrie.remove(old.cidr());
        }
        if (now != null) {
            poolTrie.put(now.cidr(), now);
        }
        return old;
    }

    /** Records a node (null: deleted) and returns what was there. */
    @Nullable HostInfo setNode(String name, @Nullable Node node) {
        HostInfo old = nodes.remove(name);
        HostInfo now = node == null ? null : hostInfo(name, node);
        if (now != null) {
            nodes.put(name, now);
        }
        for (int v : new int[] {4, 6}) {
            if (old != null) {
                old.address(v).ifPresent(a -> nodesByAddress.computeIfPresent(a, (k, names) -> {
                    names.remove(name);
                    return names.isEmpty() ? null : names;
                }));
            }
            if (now != null) {
                now.address(v).ifPresent(a -> nodesByAddress.computeIfAbsent(a, k -> new TreeSet<>()).add(name));
            }
        }
        return old;
    }

    /** Whether a node has address {@code ip}; when {@code exceptMe}, a node other than {@code me}. */
    boolean nodeHasAddress(IpAddress ip, String me, boolean exceptMe) {
        Set<String> n = nodesByAddress.get(ip);
        return n != null && (!exceptMe || n.size() > 1 || !n.contains(me));
    }

    /** Records a WorkloadEndpoint (null: deleted) and returns what was there; the caller reconsiders its addresses. */
    @Nullable Workload setWorkload(String key, @Nullable WorkloadEndpoint wep) {
        Workload old = workloads.remove(key);
        Workload now = wep == null ? null : workload(key, wep);
        if (now != null) {
            workloads.put(key, now);
        }
        if (Objects.equals(old, now)) {
            return old;
        }
        if (old != null) {
            unindexWorkload(old);
        }
        if (now != null) {
            indexWorkload(now);
        }
        return old;
    }

    /** Records a FelixConfiguration (null: deleted). */
    void setFelix(String name, @Nullable FelixConfiguration f) {
        if (f == null) {
            felix.remove(name);
        } else {
            felix.put(name, f);
        }
    }

    /** The longest block containing {@code ip} (Calico's blocks do not nest: the only one), or null. */
    @Nullable Cidr blockContaining(IpAddress ip) {
        return blockIndex.containing(ip);
    }

    /** The block at {@code cidr}, or null. */
    @Nullable IpamBlock block(Cidr cidr) {
        return blockIndex.get(cidr);
    }

    @Nullable Workload localWorkload(String node, IpAddress ip) {
        Map<IpAddress, Workload> m = localByNode.get(node);
        return m == null ? null : m.get(ip);
    }

    Set<IpAddress> localAddresses(String node) {
        Map<IpAddress, Workload> m = localByNode.get(node);
        return m == null ? Set.of() : m.keySet();
    }

    static PoolInfo poolInfo(IpPool p) {
        Cidr c = Cidr.tryParse(p.spec().cidr()).map(Cidr::network).orElse(Cidr.parse("0.0.0.0/32"));
        List<String> uses = p.spec().allowedUses();
        boolean lbOnly = uses.size() == 1 && uses.get(0).equals(AllowedUse.LOAD_BALANCER.wire());
        return new PoolInfo(c, p.spec().natOutgoing(), EncapsulationMode.fromWire(p.spec().ipipMode()).orElse(EncapsulationMode.NEVER),
                EncapsulationMode.fromWire(p.spec().vxlanMode()).orElse(EncapsulationMode.NEVER), lbOnly, p.spec().disableBGPExport(),
                p.spec().disabled());
    }

    static HostInfo hostInfo(String name, Node n) {
        Optional<NodeBgpSpec> bgp = n.spec().bgp();
        Cidr v4 = bgp.flatMap(b -> Cidr.tryParseCidrOrIp(b.ipv4Address())).orElse(null);
        Cidr v6 = bgp.flatMap(b -> Cidr.tryParseCidrOrIp(b.ipv6Address())).orElse(null);
        IpAddress ipip = bgp.flatMap(b -> ip(b.ipv4IPIPTunnelAddr())).orElse(null);
        String mac = n.spec().vxlanTunnelMACAddr();
        return new HostInfo(name, v4, v6, ipip, ip(n.spec().ipv4VXLANTunnelAddr()).orElse(null),
                ip(n.spec().ipv6VXLANTunnelAddr()).orElse(null), mac.isEmpty() ? null : mac);
    }

    private static Optional<IpAddress> ip(String s) {
        return s.isEmpty() ? Optional.empty() : IpAddress.tryParse(s.contains("/") ? s.substring(0, s.indexOf('/')) : s);
    }

    static Workload workload(String key, WorkloadEndpoint w) {
        List<Cidr> nets = new ArrayList<>();
        for (String n : w.spec().ipNetworks()) {
            Cidr.tryParseCidrOrIp(n).ifPresent(nets::add);
        }
        return new Workload(w.spec().node(), new LocalWorkload(key, w.spec().interfaceName(), nets, w.spec().mac()));
    }

    private void byNode(String node, IpAddress ip, boolean add) {
        if (add) {
            addressesByNode.computeIfAbsent(node, k -> new java.util.HashSet<>()).add(ip);
        } else {
            Set<IpAddress> s = addressesByNode.get(node);
            if (s != null) {
                s.remove(ip);
            }
        }
    }

    void indexWorkload(Workload w) {
        workloadsByNode.computeIfAbsent(w.node(), k -> new java.util.TreeMap<>()).put(w.key(), w);
        for (IpAddress ip : w.ips()) {
            keysByIp.computeIfAbsent(ip, k -> new TreeSet<>()).add(w.key());
            byNode(w.node(), ip, true);
            holders(ip, w.node());
        }
    }

    void unindexWorkload(Workload w) {
        Map<String, Workload> onNode = workloadsByNode.get(w.node());
        if (onNode != null) {
            onNode.remove(w.key());
            if (onNode.isEmpty()) {
                workloadsByNode.remove(w.node());
            }
        }
        for (IpAddress ip : w.ips()) {
            Set<String> keys = keysByIp.get(ip);
            if (keys != null) {
                keys.remove(w.key());
                if (keys.isEmpty()) {
                    keysByIp.remove(ip);
                }
            }
            if (holders(ip, w.node()) == null && !w.node().equals(attributeNodeByIp.get(ip))) {
                byNode(w.node(), ip, false);
            }
        }
    }

    /**
     * Decides who holds {@code ip} after a change on {@code node}: where several workloads hold one
     * address (a misconfiguration), the one with the smallest key, cluster-wide and on each node, so
     * the outcome does not depend on the order changes arrive in. Returns {@code node}'s holder.
     */
    private @Nullable Workload holders(IpAddress ip, String node) {
        Workload first = null;
        Workload firstOnNode = null;
        for (String k : keysByIp.getOrDefault(ip, Set.of())) {
            Workload other = workloads.get(k);
            if (other == null || !other.ips().contains(ip)) {
                continue;
            }
            if (first == null) {
                first = other;
            }
            if (firstOnNode == null && other.node().equals(node)) {
                firstOnNode = other;
            }
        }
        if (first == null) {
            workloadNodeByIp.remove(ip);
        } else {
            workloadNodeByIp.put(ip, first.node());
        }
        Map<IpAddress, Workload> local = localByNode.get(node);
        if (firstOnNode != null) {
            localByNode.computeIfAbsent(node, k -> new HashMap<>()).put(ip, firstOnNode);
        } else if (local != null) {
            local.remove(ip);
            if (local.isEmpty()) {
                localByNode.remove(node);
            }
        }
        return firstOnNode;
    }

    void setBlock(Cidr cidr, @Nullable IpamBlock block) {
        IpamBlock old = block == null ? blocks.remove(cidr) : blocks.put(cidr, block);
        if (block == null) {
            blockIndex.remove(cidr);
        } else {
            blockIndex.put(cidr, block);
        }
        if (old != null && block != null && old.affinityHost().equals(block.affinityHost()) && old.size() == block.size()) {
            changedInPlace(old, block);
            return;
        }
        if (old != null) {
            old.affinityHost().ifPresent(h -> blocksByHost.getOrDefault(h, new LinkedHashSet<>()).remove(cidr));
            forEachNodeAttribute(old, this::forgetAttribute);
        }
        if (block != null) {
            block.affinityHost().ifPresent(h -> blocksByHost.computeIfAbsent(h, k -> new LinkedHashSet<>()).add(cidr));
            forEachNodeAttribute(block, this::noteAttribute);
        }
        // Whether an address is borrowed depends on its block's affinity: decide again for this block's.
        java.util.Set<IpAddress> again = new java.util.HashSet<>(borrowed.subMap(cidr.address(), true,
                cidr.lastAddress(), true).keySet());
        if (old != null) {
            forEachUsed(old, again::add);
        }
        if (block != null) {
            forEachUsed(block, again::add);
        }
        for (IpAddress ip : again) {
            decide(ip, nodeOfAddress(ip), block);
        }
    }


    /**
     * A block changed with its affinity kept (IPAM assigning or releasing addresses, once per workload): only the
     * addresses whose allocation changed are looked at again. For the others nothing this block says changed: their
     * node attribute, whether they are used, and the affinity their borrowed decision reads.
     */
    private void changedInPlace(IpamBlock old, IpamBlock block) {
        List<IpAddress> again = new ArrayList<>();
        for (int ord = 0; ord < block.size(); ord++) {
            int a = old.allocationAt(ord);
            int b = block.allocationAt(ord);
            if (a == b && (a == IpamBlock.FREE || old.attributes().get(a).equals(block.attributes().get(b)))) {
                continue;
            }
            IpAddress ip = block.address(ord);
            String was = Calculation.nodeAttribute(old, ord);
            String now = Calculation.nodeAttribute(block, ord);
            if (was != null) {
                forgetAttribute(ip, was);
            }
            if (now != null) {
                noteAttribute(ip, now);
            }
            again.add(ip);
        }
        for (IpAddress ip : again) {
            decide(ip, nodeOfAddress(ip), block);
        }
    }

    /** An allocation's {@code node} attribute {@code n} for {@code ip} is gone. */
    private void forgetAttribute(IpAddress ip, String n) {
        attributeNodeByIp.remove(ip, n);
        if (!n.equals(workloadNodeByIp.get(ip))) {
            byNode(n, ip, false);
        }
    }

    /** An allocation gives {@code ip} the {@code node} attribute {@code n}. */
    private void noteAttribute(IpAddress ip, String n) {
        attributeNodeByIp.put(ip, n);
        byNode(n, ip, true);
    }

    private static void forEachNodeAttribute(IpamBlock b, java.util.function.BiConsumer<IpAddress, String> f) {
        for (int ord = 0; ord < b.size(); ord++) {
            String n = Calculation.nodeAttribute(b, ord);
            if (n != null) {
                f.accept(b.address(ord), n);
            }
        }
    }

    /** Re-decides whether {@code ip} is borrowed (used on another node than its block's). */
    void reconsider(IpAddress ip) {
        String used = nodeOfAddress(ip);
        Cidr blockCidr = used == null ? null : blockContaining(ip);
        decide(ip, used, blockCidr == null ? null : block(blockCidr));
    }

    /** As {@link #reconsider(IpAddress)}, when the address's block is known. */
    private void decide(IpAddress ip, @Nullable String used, @Nullable IpamBlock b) {
        if (used != null && b != null && !b.affinityHost().map(used::equals).orElse(false)) {
            borrowed.put(ip, used);
        } else {
            borrowed.remove(ip);
        }
    }

    /** The allocated addresses of a block that someone uses. */
    static void forEachUsed(IpamBlock b, java.util.function.Consumer<IpAddress> f) {
        for (int ord = 0; ord < b.size(); ord++) {
            if (b.allocationAt(ord) != IpamBlock.FREE) {
                f.accept(b.address(ord));
            }
        }
    }

    /** The node an address is used on: its WorkloadEndpoint's, else its allocation's {@code node} attribute. */
    @Nullable String nodeOfAddress(IpAddress ip) {
        String n = workloadNodeByIp.get(ip);
        return n != null ? n : attributeNodeByIp.get(ip);
    }

    @Nullable PoolInfo poolFor(Cidr cidr) {
        PoolInfo p = poolTrie.longestMatch(cidr.address());
        return p != null && p.cidr().prefixLength() <= cidr.prefixLength() ? p : null;
    }

    private @Nullable FelixConfigurationSpec felixSpec(String name) {
        FelixConfiguration f = felix.get(name);
        return f == null ? null : f.spec();
    }

    /** A FelixConfiguration value: the node's {@code node.<name>} if it sets it, else {@code default}'s. */
    private <T> Optional<T> felixValue(String node, java.util.function.Function<FelixConfigurationSpec, Optional<T>> get) {
        FelixConfigurationSpec n = felixSpec("node." + node);
        Optional<T> v = n == null ? Optional.empty() : get.apply(n);
        if (v.isPresent()) {
            return v;
        }
        FelixConfigurationSpec d = felixSpec("default");
        return d == null ? Optional.empty() : get.apply(d);
    }

    private static Optional<String> nonEmpty(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    NatSettings natSettings(String node) {
        IpAddress addr = felixValue(node, s -> nonEmpty(s.natOutgoingAddress())).flatMap(IpAddress::tryParse).orElse(null);
        String range = felixValue(node, FelixConfigurationSpec::natPortRange).map(p -> p.toString().replace(':', '-')).orElse(null);
        String filter = felixValue(node, s -> nonEmpty(s.iptablesNATOutgoingInterfaceFilter())).orElse(null);
        boolean hosts = felixValue(node, FelixConfigurationSpec::natOutgoingExclusions).map("IPPoolsAndHostIPs"::equals).orElse(false);
        return new NatSettings(addr, range, filter, hosts);
    }

    RoutingSettings routingSettings(String node) {
        boolean felixRoutes = felixValue(node, FelixConfigurationSpec::programClusterRoutes).map("Enabled"::equals).orElse(false);
        boolean birdRoutes = bgp == null || bgp.spec().programClusterRoutes().map(v -> !v.equals("Disabled")).orElse(true);
        boolean ipip = felixValue(node, FelixConfigurationSpec::ipipEnabled)
                .orElse(pools.values().stream().anyMatch(p -> p.ipipMode() != EncapsulationMode.NEVER));
        boolean vxlan = felixValue(node, FelixConfigurationSpec::vxlanEnabled).orElse(pools.values().stream()
                .anyMatch(p -> p.cidr().version() == 4 && p.vxlanMode() != EncapsulationMode.NEVER));
        boolean vxlan6 = pools.values().stream().anyMatch(p -> p.cidr().version() == 6 && p.vxlanMode() != EncapsulationMode.NEVER);
        return new RoutingSettings(felixRoutes, birdRoutes, ipip, vxlan, vxlan6);
    }

    /** BGPConfiguration's service ranges, which {@code cali-cidr-block} drops unless ServiceLoopPrevention is Disabled. */
    Set<Cidr> blockedCidrs(String node) {
        Set<Cidr> out = new TreeSet<>();
        boolean disabled = felixValue(node, FelixConfigurationSpec::serviceLoopPrevention).map("Disabled"::equals).orElse(false);
        if (bgp == null || disabled) {
            return out;
        }
        List<ServiceIpBlock> all = new ArrayList<>(bgp.spec().serviceClusterIPs());
        all.addAll(bgp.spec().serviceExternalIPs());
        all.addAll(bgp.spec().serviceLoadBalancerIPs());
        for (ServiceIpBlock b : all) {
            Cidr.tryParseCidrOrIp(b.cidr()).map(Cidr::network).ifPresent(out::add);
        }
        return out;
    }

    /**
     * Every node's address of version {@code v} (as /32 or /128), except {@code me}'s when
     * {@code exceptMe}; plus {@code me}'s externalNodesList for IPv4.
     */
    Set<Cidr> hostAddresses(int v, String me, boolean exceptMe) {
        Set<Cidr> out = new TreeSet<>();
        nodes.forEach((name, h) -> {
            if (!exceptMe || !name.equals(me)) {
                h.address(v).ifPresent(a -> out.add(Cidr.of(a, a.bitLength())));
            }
        });
        if (v == 4) {
            externalNodes(me).forEach(out::add);
        }
        return out;
    }

    /** {@code node}'s FelixConfiguration externalNodesList, as CIDRs. */
    List<Cidr> externalNodes(String node) {
        List<Cidr> out = new ArrayList<>();
        felixValue(node, s -> s.externalNodesList().isEmpty() ? Optional.empty() : Optional.of(s.externalNodesList()))
                .ifPresent(l -> l.forEach(x -> Cidr.tryParseCidrOrIp(x).ifPresent(out::add)));
        return out;
    }
}
