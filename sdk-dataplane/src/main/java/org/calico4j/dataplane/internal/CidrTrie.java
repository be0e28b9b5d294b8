package org.calico4j.dataplane.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import inet.ipaddr.IPAddress;
import inet.ipaddr.format.util.AssociativeAddressTrie;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv4.IPv4AddressAssociativeTrie;
import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.ipv6.IPv6AddressAssociativeTrie;

import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * Longest-prefix match over CIDRs of both IP versions, on seancfoley IPAddress's binary tries (a
 * route table, or a {@code hash:net} IP set). While it holds at most {@value #FEW} CIDRs (an IP set of
 * the pools, the service ranges) lookups compare against each instead of walking a trie, which costs
 * about as much as a walk of a big table. Not thread-safe.
 *
 * @param <V> what each CIDR maps to
 */
public final class CidrTrie<V> {
    /** An empty trie. */
    public CidrTrie() {
    }

    /** Up to this many CIDRs, lookups scan {@link #few}. */
    static final int FEW = 8;

    private final IPv4AddressAssociativeTrie<V> v4 = new IPv4AddressAssociativeTrie<>();
    private final IPv6AddressAssociativeTrie<V> v6 = new IPv6AddressAssociativeTrie<>();
    private int size;
    // While size <= FEW: every CIDR and its value, longest prefix first (so the first match is the longest); else null.
    private Cidr @Nullable [] few = new Cidr[0];
    private @Nullable Object[] fewValues = new Object[0];

    /**
     * Maps {@code cidr} to {@code value}, replacing an earlier value.
     *
     * @param cidr  a network
     * @param value its value
     */
    public void put(Cidr cidr, V value) {
        IPAddress block = cidr.toIpAddress();
        V old = block instanceof IPv4Address ? v4.put((IPv4Address) block, value) : v6.put((IPv6Address) block, value);
        if (old == null) {
            size++;
        }
        refreshFew();
    }

    /**
     * Removes {@code cidr}, if present.
     *
     * @param cidr a network
     */
    public void remove(Cidr cidr) {
        IPAddress block = cidr.toIpAddress();
        if (block instanceof IPv4Address ? v4.remove((IPv4Address) block) : v6.remove((IPv6Address) block)) {
            size--;
            refreshFew();
        }
    }

    /**
     * Removes every CIDR.
     */
    public void clear() {
        v4.clear();
        v6.clear();
        size = 0;
        refreshFew();
    }

    /** {@return how many CIDRs it holds} */
    public int size() {
        return size;
    }

    /** Rebuilds the scan list after a change, while the trie is small. */
    private void refreshFew() {
        if (size > FEW) {
            few = null;
            fewValues = null;
            return;
        }
        List<Map.Entry<Cidr, V>> entries = new ArrayList<>(size);
        for (Iterator<? extends AssociativeAddressTrie.AssociativeTrieNode<? extends IPAddress, V>> it
                : List.of(v4.nodeIterator(true), v6.nodeIterator(true))) {
            while (it.hasNext()) {
                AssociativeAddressTrie.AssociativeTrieNode<? extends IPAddress, V> n = it.next();
                IPAddress k = n.getKey();
                Integer len = k.getNetworkPrefixLength();
                IpAddress network = IpAddress.parse(k.getLower().withoutPrefixLength().toCanonicalString());
                entries.add(Map.entry(Cidr.of(network, len == null ? k.getBitCount() : len), n.getValue()));
            }
        }
        entries.sort(Comparator.comparingInt(e -> -e.getKey().prefixLength()));
        few = entries.stream().map(Map.Entry::getKey).toArray(Cidr[]::new);
        fewValues = entries.stream().map(Map.Entry::getValue).toArray();
    }

    /**
     * The value of the longest prefix containing {@code ip}.
     *
     * @param ip an address
     * @return the value, or null when no CIDR contains it
     */
    @SuppressWarnings("unchecked")  // fewValues holds the V put with each CIDR
    public @Nullable V longestMatch(IpAddress ip) {
        Cidr[] f = few;
        if (f != null) {
            for (int i = 0; i < f.length; i++) {
                if (f[i].containsAddress(ip)) {
                    return (V) Objects.requireNonNull(fewValues)[i];
                }
            }
            return null;
        }
        return longestMatch(ip.toIpAddress());
    }

    /**
     * As {@link #longestMatch(IpAddress)}, for an address already converted.
     *
     * @param ip an address
     * @return the value, or null when no CIDR contains it
     */
    public @Nullable V longestMatch(IPAddress ip) {
        AssociativeAddressTrie.AssociativeTrieNode<?, V> n = ip instanceof IPv4Address
                ? v4.longestPrefixMatchNode((IPv4Address) ip) : v6.longestPrefixMatchNode((IPv6Address) ip);
        return n == null ? null : n.getValue();
    }

    /**
     * True when some CIDR in the trie contains {@code ip}.
     *
     * @param ip an address
     * @return true when contained
     */
    public boolean contains(IpAddress ip) {
        return few != null ? longestMatch(ip) != null : contains(ip.toIpAddress());
    }

    /**
     * As {@link #contains(IpAddress)}, for an address already converted.
     *
     * @param ip an address
     * @return true when contained
     */
    public boolean contains(IPAddress ip) {
        return ip instanceof IPv4Address ? v4.elementContains((IPv4Address) ip) : v6.elementContains((IPv6Address) ip);
    }
}
