package org.calico4j.client.ipam;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.calico4j.model.AllowedUse;
import org.calico4j.model.net.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * What to auto-assign (Calico's {@code AutoAssignArgs}): how many IPv4 and IPv6 addresses, for which
 * host, under which handle and attributes, optionally from named pools only. Immutable; each
 * {@code with}-style call returns a new request.
 *
 * <pre>{@code
 * AutoAssignRequest r = AutoAssignRequest.forHost("node-1").ipv4(1).ipv6(1)
 *     .handle("k8s-pod-network.c0ffee").attributes(Map.of("namespace", "default", "pod", "web-0"));
 * }</pre>
 */
public final class AutoAssignRequest {
    private final String host;
    private final int num4;
    private final int num6;
    private final @Nullable String handleId;
    private final Map<String, String> attributes;
    private final List<Cidr> ipv4Pools;
    private final List<Cidr> ipv6Pools;
    private final AllowedUse intendedUse;
    private final int maxBlocksPerHost;

    private AutoAssignRequest(String host, int num4, int num6, @Nullable String handleId, Map<String, String> attributes,
                              List<Cidr> ipv4Pools, List<Cidr> ipv6Pools, AllowedUse intendedUse, int maxBlocksPerHost) {
        this.host = Objects.requireNonNull(host, "host");
        this.num4 = num4;
        this.num6 = num6;
        this.handleId = handleId;
        this.attributes = Map.copyOf(attributes);
        this.ipv4Pools = List.copyOf(ipv4Pools);
        this.ipv6Pools = List.copyOf(ipv6Pools);
        this.intendedUse = Objects.requireNonNull(intendedUse, "intendedUse");
        this.maxBlocksPerHost = maxBlocksPerHost;
    }

    /**
     * A request for no addresses yet, for workloads on {@code host} (a Node name).
     *
     * @param host the Node the addresses are for (blocks are affine to it)
     * @return the request
     */
    public static AutoAssignRequest forHost(String host) {
        return new AutoAssignRequest(host, 0, 0, null, Map.of(), List.of(), List.of(), AllowedUse.WORKLOAD, 0);
    }

    /**
     * The number of IPv4 addresses to assign.
     *
     * @param count 0 or more
     * @return a copy of this request with it set
     */
    public AutoAssignRequest ipv4(int count) {
        return new AutoAssignRequest(host, count, num6, handleId, attributes, ipv4Pools, ipv6Pools, intendedUse, maxBlocksPerHost);
    }

    /**
     * The number of IPv6 addresses to assign (needs an IPv6 pool).
     *
     * @param count 0 or more
     * @return a copy of this request with it set
     */
    public AutoAssignRequest ipv6(int count) {
        return new AutoAssignRequest(host, num4, count, handleId, attributes, ipv4Pools, ipv6Pools, intendedUse, maxBlocksPerHost);
    }

    /**
     * The handle the addresses are held under, so they can be released together.
     *
     * @param id the handle, e.g. {@code k8s-pod-network.<container id>}
     * @return a copy of this request with it set
     */
    public AutoAssignRequest handle(String id) {
        return new AutoAssignRequest(host, num4, num6, id, attributes, ipv4Pools, ipv6Pools, intendedUse, maxBlocksPerHost);
    }

    /**
     * Free-form attributes stored with the addresses (Calico CNI records namespace, pod, node, timestamp).
     *
     * @param attrs the attributes
     * @return a copy of this request with it set
     */
    public AutoAssignRequest attributes(Map<String, String> attrs) {
        return new AutoAssignRequest(host, num4, num6, handleId, attrs, ipv4Pools, ipv6Pools, intendedUse, maxBlocksPerHost);
    }

    /**
     * Only these IPv4 pools, in this order (node selector and assignment mode are then not applied, as in Calico).
     *
     * @param pools the pools' CIDRs
     * @return a copy of this request with it set
     */
    public AutoAssignRequest ipv4Pools(List<Cidr> pools) {
        return new AutoAssignRequest(host, num4, num6, handleId, attributes, pools, ipv6Pools, intendedUse, maxBlocksPerHost);
    }

    /**
     * Only these IPv6 pools, in this order.
     *
     * @param pools the pools' CIDRs
     * @return a copy of this request with it set
     */
    public AutoAssignRequest ipv6Pools(List<Cidr> pools) {
        return new AutoAssignRequest(host, num4, num6, handleId, attributes, ipv4Pools, pools, intendedUse, maxBlocksPerHost);
    }

    /**
     * What the addresses are for; pools whose {@code allowedUses} lack it are not used. Default Workload.
     *
     * @param use the intended use
     * @return a copy of this request with it set
     */
    public AutoAssignRequest intendedUse(AllowedUse use) {
        return new AutoAssignRequest(host, num4, num6, handleId, attributes, ipv4Pools, ipv6Pools, use, maxBlocksPerHost);
    }

    /**
     * A tighter block limit than the IPAM config's for this request (0 = the config's).
     *
     * @param max the most blocks the host may hold, 0 for the config's limit
     * @return a copy of this request with it set
     */
    public AutoAssignRequest maxBlocksPerHost(int max) {
        return new AutoAssignRequest(host, num4, num6, handleId, attributes, ipv4Pools, ipv6Pools, intendedUse, max);
    }

    /**
     * The Node the addresses are for.
     *
     * @return the host
     */
    public String host() {
        return host;
    }

    /**
     * The number of IPv4 addresses asked for.
     *
     * @return the count
     */
    public int num4() {
        return num4;
    }

    /**
     * The number of IPv6 addresses asked for.
     *
     * @return the count
     */
    public int num6() {
        return num6;
    }

    /**
     * The handle the addresses are held under.
     *
     * @return the handle, or null for none
     */
    public @Nullable String handleId() {
        return handleId;
    }

    /**
     * The attributes stored with the addresses.
     *
     * @return the attributes
     */
    public Map<String, String> attributes() {
        return attributes;
    }

    /**
     * The IPv4 pools to use, in order.
     *
     * @return the pools, empty for every eligible pool
     */
    public List<Cidr> ipv4Pools() {
        return ipv4Pools;
    }

    /**
     * The IPv6 pools to use, in order.
     *
     * @return the pools, empty for every eligible pool
     */
    public List<Cidr> ipv6Pools() {
        return ipv6Pools;
    }

    /**
     * What the addresses are for.
     *
     * @return the intended use
     */
    public AllowedUse intendedUse() {
        return intendedUse;
    }

    /**
     * The request's block limit.
     *
     * @return the limit, 0 for the IPAM config's
     */
    public int maxBlocksPerHost() {
        return maxBlocksPerHost;
    }

    @Override
    public String toString() {
        return "AutoAssignRequest{host=" + host + ", ipv4=" + num4 + ", ipv6=" + num6 + ", handle=" + handleId
                + ", pools=" + ipv4Pools + ipv6Pools + ", use=" + intendedUse.wire() + "}";
    }
}
