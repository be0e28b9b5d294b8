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

    /** A request for no addresses yet, for workloads on {@code host} (a Node name). */
    public static AutoAssignRequest forHost(String host) {
        return new AutoAssignRequest(host, 0, 0, null, Map.of(), List.of(), List.of(), AllowedUse.WORKLOAD, 0);
    }

    public AutoAssignRequest ipv4(int count) {
        return new AutoAssignRequest(host, count, num6, handleId, attributes, ipv4Pools, ipv6Pools, intendedUse, maxBlocksPerHost);
    }

    public AutoAssignRequest ipv6(int count) {
        return new AutoAssignRequest(host, num4, count, handleId, attributes, ipv4Pools, ipv6Pools, intendedUse, maxBlocksPerHost);
    }

    /** The handle the addresses are held under, so they can be released together. */
    public AutoAssignRequest handle(String id) {
        return new AutoAssignRequest(host, num4, num6, id, attributes, ipv4Pools, ipv6Pools, intendedUse, maxBlocksPerHost);
    }

    /** Free-form attributes stored with the addresses (Calico CNI records namespace, pod, node, timestamp). */
    public AutoAssignRequest attributes(Map<String, String> attrs) {
        return new AutoAssignRequest(host, num4, num6, handleId, attrs, ipv4Pools, ipv6Pools, intendedUse, maxBlocksPerHost);
    }

    /** Only these IPv4 pools, in this order (node selector and assignment mode are then not applied, as in Calico). */
    public AutoAssignRequest ipv4Pools(List<Cidr> pools) {
        return new AutoAssignRequest(host, num4, num6, handleId, attributes, pools, ipv6Pools, intendedUse, maxBlocksPerHost);
    }

    /** Only these IPv6 pools, in this order. */
    public AutoAssignRequest ipv6Pools(List<Cidr> pools) {
        return new AutoAssignRequest(host, num4, num6, handleId, attributes, ipv4Pools, pools, intendedUse, maxBlocksPerHost);
    }

    /** What the addresses are for; pools whose {@code allowedUses} lack it are not used. Default Workload. */
    public AutoAssignRequest intendedUse(AllowedUse use) {
        return new AutoAssignRequest(host, num4, num6, handleId, attributes, ipv4Pools, ipv6Pools, use, maxBlocksPerHost);
    }

    /** A tighter block limit than the IPAM config's for this request (0 = the config's). */
    public AutoAssignRequest maxBlocksPerHost(int max) {
        return new AutoAssignRequest(host, num4, num6, handleId, attributes, ipv4Pools, ipv6Pools, intendedUse, max);
    }

    public String host() {
        return host;
    }

    public int num4() {
        return num4;
    }

    public int num6() {
        return num6;
    }

    public @Nullable String handleId() {
        return handleId;
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    public List<Cidr> ipv4Pools() {
        return ipv4Pools;
    }

    public List<Cidr> ipv6Pools() {
        return ipv6Pools;
    }

    public AllowedUse intendedUse() {
        return intendedUse;
    }

    public int maxBlocksPerHost() {
        return maxBlocksPerHost;
    }

    @Override
    public String toString() {
        return "AutoAssignRequest{host=" + host + ", ipv4=" + num4 + ", ipv6=" + num6 + ", handle=" + handleId
                + ", pools=" + ipv4Pools + ipv6Pools + ", use=" + intendedUse.wire() + "}";
    }
}
