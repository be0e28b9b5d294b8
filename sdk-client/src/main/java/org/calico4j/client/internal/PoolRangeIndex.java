package org.calico4j.client.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.calico4j.model.IpPool;
import org.calico4j.model.net.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * The stored pools' networks, for overlap queries in O(log pools + matches): two CIDRs overlap
 * exactly when one contains the other, so the pools overlapping N are those whose network starts
 * inside N (one range of the sorted map) plus those containing N's start with a shorter prefix
 * (one lookup per prefix length). Not thread-safe; its owner guards it.
 */
final class PoolRangeIndex {
    private final NavigableMap<Cidr, Set<String>> byNetwork = new TreeMap<>();
    private final Map<String, Cidr> networkOf = new HashMap<>();
    /** Networks stored per prefix length (IPv4 and IPv6 together): a query skips the lengths no pool has. */
    private final int[] withPrefix = new int[129];

    /** Records that pool {@code name} now holds {@code value} (null: deleted). */
    void put(String name, @Nullable IpPool value) {
        Cidr network = value == null ? null : value.spec().parsedCidr().map(Cidr::network).orElse(null);
        Cidr old = networkOf.get(name);
        if (network != null && network.equals(old)) {
            return; // the same network (most updates): nothing moves
        }
        networkOf.remove(name);
        if (old != null) {
            Set<String> names = byNetwork.get(old);
            names.remove(name);
            if (names.isEmpty()) {
                byNetwork.remove(old);
            }
            withPrefix[old.prefixLength()]--;
        }
        if (network != null) {
            networkOf.put(name, network);
            byNetwork.computeIfAbsent(network, k -> new TreeSet<>()).add(name);
            withPrefix[network.prefixLength()]++;
        }
    }

    /** The names of the pools whose network overlaps {@code query}, in name order. */
    Set<String> overlapping(Cidr query) {
        Cidr n = query.network();
        Set<String> out = Set.of(); // most queries (a create's overlap check) find none: no set built for them
        Cidr last = Cidr.of(n.lastAddress(), n.address().bitLength());
        Map.Entry<Cidr, Set<String>> first = byNetwork.ceilingEntry(Cidr.of(n.address(), 0));
        if (first != null && first.getKey().compareTo(last) <= 0) {
            for (Map.Entry<Cidr, Set<String>> e : byNetwork.tailMap(first.getKey(), true).entrySet()) {
                if (e.getKey().compareTo(last) > 0) {
                    break;
                }
                out = with(out, e.getValue());
            }
        }
        for (int q = 0; q < n.prefixLength(); q++) {
            if (withPrefix[q] == 0) {
                continue;
            }
            Set<String> names = byNetwork.get(Cidr.of(n.address(), q).network());
            if (names != null) {
                out = with(out, names);
            }
        }
        return out;
    }

    private static Set<String> with(Set<String> out, Set<String> names) {
        Set<String> sorted = out.isEmpty() ? new TreeSet<>() : out;
        sorted.addAll(names);
        return sorted;
    }
}
