package org.calico4j.client.ipam.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.calico4j.client.ipam.IpamReport;
import org.calico4j.client.ipam.IpamReport.Problem;
import org.calico4j.client.ipam.IpamReport.ProblemType;
import org.calico4j.client.ipam.PoolUsage;
import org.calico4j.client.ipam.internal.Pools.Pool;
import org.calico4j.client.spi.Versioned;
import org.calico4j.model.Kind;
import org.calico4j.model.ipam.AffinityState;
import org.calico4j.model.ipam.AllocationAttribute;
import org.calico4j.model.ipam.BlockAffinity;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.ipam.IpamHandle;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;

/** {@code ipam check} and {@code ipam show}: reads every IPAM record once and cross-checks them. */
final class IpamChecker {
    private final IpamStore store;

    IpamChecker(IpamStore store) {
        this.store = store;
    }

    IpamReport check() {
        List<IpamBlock> blocks = store.blocks();
        List<Pool> active = Pools.all(store.ds).stream().filter(p -> !p.disabled()).toList();
        Set<String> nodes = new HashSet<>();
        for (Versioned v : store.ds.list(Kind.NODE, 0).items()) {
            nodes.add(v.key().name());
        }
        Map<String, IpamHandle> handles = new HashMap<>();
        for (Versioned v : store.ds.list(Kind.IPAM_HANDLE, 0).items()) {
            handles.put(v.key().name(), (IpamHandle) v.value());
        }
        List<Problem> problems = new ArrayList<>();
        Map<IpAddress, Cidr> owner = new HashMap<>();
        // handle -> block -> addresses the block holds for it
        Map<String, Map<Cidr, Integer>> held = new TreeMap<>();
        int allocations = 0;
        for (IpamBlock b : blocks) {
            consistency(b, problems);
            b.affinityHost().filter(h -> !nodes.contains(h)).ifPresent(h -> problems.add(new Problem(ProblemType.NODE_GONE,
                    b.cidr().toString(), "block is affine to node " + h + ", which does not exist")));
            for (int ord = 0; ord < b.size(); ord++) {
                int a = b.allocationAt(ord);
                if (a == IpamBlock.FREE) {
                    continue;
                }
                allocations++;
                IpAddress ip = b.address(ord);
                Cidr previous = owner.put(ip, b.cidr());
                if (previous != null) {
                    problems.add(new Problem(ProblemType.DOUBLE_ALLOCATION, ip.toString(),
                            "allocated in block " + previous + " and in block " + b.cidr()));
                }
                if (active.stream().noneMatch(p -> p.cidr().containsAddress(ip))) {
                    problems.add(new Problem(ProblemType.ADDRESS_IN_NO_POOL, ip.toString(),
                            "allocated in block " + b.cidr() + " but in no active IP pool"));
                }
                // Addresses assigned without a handle are released by address only; nothing to cross-check.
                AllocationAttribute attr = b.attributes().get(a);
                if (attr.handleId() != null) {
                    held.computeIfAbsent(attr.handleId(), k -> new TreeMap<>()).merge(b.cidr(), 1, Integer::sum);
                }
            }
        }
        Map<Cidr, IpamBlock> byCidr = new HashMap<>();
        blocks.forEach(b -> byCidr.put(b.cidr(), b));
        held.forEach((handle, perBlock) -> perBlock.forEach((cidr, n) -> {
            IpamHandle h = handles.get(handle);
            int counted = h == null ? 0 : h.blocks().getOrDefault(cidr, 0);
            if (counted < n) {
                for (IpAddress ip : ipsOf(byCidr.get(cidr), handle)) {
                    problems.add(new Problem(ProblemType.LEAKED_ADDRESS, ip.toString(), h == null
                            ? "held under handle " + handle + ", which does not exist"
                            : "handle " + handle + " counts " + counted + " addresses in " + cidr + " but the block holds " + n));
                }
            }
        }));
        handles.forEach((id, h) -> h.blocks().forEach((cidr, n) -> {
            int actual = held.getOrDefault(id, Map.of()).getOrDefault(cidr, 0);
            if (actual < n) {
                problems.add(new Problem(ProblemType.HANDLE_WITHOUT_ADDRESSES, id,
                        "counts " + n + " addresses in " + cidr + " but the block holds " + actual + " for it"));
            }
        }));
        for (Versioned v : store.ds.list(Kind.BLOCK_AFFINITY, 0).items()) {
            BlockAffinity a = (BlockAffinity) v.value();
            if (!nodes.contains(a.host())) {
                problems.add(new Problem(ProblemType.NODE_GONE, a.name(), "affinity of node " + a.host()
                        + ", which does not exist"));
            }
            IpamBlock b = byCidr.get(a.cidr());
            if (a.state() == AffinityState.CONFIRMED && (b == null || !b.affinityHost().map(a.host()::equals).orElse(false))) {
                problems.add(new Problem(ProblemType.STALE_AFFINITY, a.name(), b == null ? "confirmed, but block "
                        + a.cidr() + " does not exist" : "confirmed, but block " + a.cidr() + " is affine to "
                        + b.affinity().orElse("no host")));
            }
        }
        return new IpamReport(blocks.size(), allocations, active.size(), handles.size(), problems);
    }

    private static List<IpAddress> ipsOf(IpamBlock b, String handle) {
        List<IpAddress> out = new ArrayList<>();
        for (int ord = 0; ord < b.size(); ord++) {
            int a = b.allocationAt(ord);
            if (a != IpamBlock.FREE && handle.equals(b.attributes().get(a).handleId())) {
                out.add(b.address(ord));
            }
        }
        return out;
    }

    /** Every ordinal is either allocated or queued as free, exactly once. */
    private static void consistency(IpamBlock b, List<Problem> problems) {
        int[] seen = new int[b.size()];
        for (int u : b.unallocated()) {
            seen[u]++;
        }
        for (int ord = 0; ord < b.size(); ord++) {
            boolean allocated = b.allocationAt(ord) != IpamBlock.FREE;
            int expected = allocated ? 0 : 1;
            if (seen[ord] != expected) {
                problems.add(new Problem(ProblemType.BLOCK_INCONSISTENT, b.cidr().toString(), "ordinal " + ord + " ("
                        + b.address(ord) + ") is " + (allocated ? "allocated" : "free") + " but queued as free "
                        + seen[ord] + " times"));
            }
        }
    }

    /** Capacity and use per pool (blocks counted in the first pool that overlaps them), then blocks in no pool. */
    static List<PoolUsage> usage(List<Pool> pools, List<IpamBlock> blocks) {
        Map<Integer, List<PoolUsage.BlockUsage>> perPool = new TreeMap<>();
        List<PoolUsage.BlockUsage> orphans = new ArrayList<>();
        for (IpamBlock b : blocks) {
            PoolUsage.BlockUsage u = new PoolUsage.BlockUsage(b.cidr(), b.affinityHost().orElse(null), b.size(), b.inUse());
            int i = 0;
            for (; i < pools.size(); i++) {
                if (pools.get(i).cidr().overlaps(b.cidr())) {
                    break;
                }
            }
            if (i < pools.size()) {
                perPool.computeIfAbsent(i, k -> new ArrayList<>()).add(u);
            } else {
                orphans.add(u);
            }
        }
        List<PoolUsage> out = new ArrayList<>();
        for (int i = 0; i < pools.size(); i++) {
            Cidr c = pools.get(i).cidr();
            List<PoolUsage.BlockUsage> bs = perPool.getOrDefault(i, List.of());
            long inUse = bs.stream().mapToLong(PoolUsage.BlockUsage::inUse).sum();
            out.add(new PoolUsage(c, BigInteger.ONE.shiftLeft(c.address().bitLength() - c.prefixLength()), inUse, bs));
        }
        if (!orphans.isEmpty()) {
            long cap = orphans.stream().mapToLong(PoolUsage.BlockUsage::capacity).sum();
            long inUse = orphans.stream().mapToLong(PoolUsage.BlockUsage::inUse).sum();
            out.add(new PoolUsage(null, BigInteger.valueOf(cap), inUse, orphans));
        }
        return out;
    }
}
