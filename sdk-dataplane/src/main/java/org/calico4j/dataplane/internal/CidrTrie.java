package org.calico4j.dataplane.internal;

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
 * route table, or a {@code hash:net} IP set). Not thread-safe.
 *
 * @param <V> what each CIDR maps to
 */
public final class CidrTrie<V> {
    /** An empty trie. */
    public CidrTrie() {
    }

    private final IPv4AddressAssociativeTrie<V> v4 = new IPv4AddressAssociativeTrie<>();
    private final IPv6AddressAssociativeTrie<V> v6 = new IPv6AddressAssociativeTrie<>();

    /**
     * Maps {@code cidr} to {@code value}, replacing an earlier value.
     *
     * @param cidr  a network
     * @param value its value
     */
    public void put(Cidr cidr, V value) {
        IPAddress block = cidr.toIpAddress();
        if (block instanceof IPv4Address) {
            v4.put((IPv4Address) block, value);
        } else {
            v6.put((IPv6Address) block, value);
        }
    }

    /**
     * Removes {@code cidr}, if present.
     *
     * @param cidr a network
     */
    public void remove(Cidr cidr) {
        IPAddress block = cidr.toIpAddress();
        if (block instanceof IPv4Address) {
            v4.remove((IPv4Address) block);
        } else {
            v6.remove((IPv6Address) block);
        }
    }

    /**
     * Removes every CIDR.
     */
    public void clear() {
        v4.clear();
        v6.clear();
    }

    /**
     * The value of the longest prefix containing {@code ip}.
     *
     * @param ip an address
     * @return the value, or null when no CIDR contains it
     */
    public @Nullable V longestMatch(IpAddress ip) {
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
        return contains(ip.toIpAddress());
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
