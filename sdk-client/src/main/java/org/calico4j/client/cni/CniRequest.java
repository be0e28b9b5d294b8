package org.calico4j.client.cni;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.calico4j.model.net.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * One pod's network set-up, as Calico's CNI plugin receives it: node, namespace, pod, container
 * and interface, how many addresses of each family, and which pools to take them from (by CIDR or
 * name, as the {@code cni.projectcalico.org/ipv4pools} annotation names them, or by a label selector
 * over the pools); by default any enabled pool that selects the node.
 *
 * <pre>{@code
 * CniRequest r = CniRequest.pod("node-1", "default", "web-0").labels(Map.of("app", "web")).poolSelector("tier == 'web'");
 * }</pre>
 */
public final class CniRequest {
    private final String node;
    private final String namespace;
    private final String pod;
    private String containerId;
    private String interfaceName = "eth0";
    private int ipv4 = 1;
    private int ipv6;
    private List<Cidr> pools = List.of();
    private List<String> poolNames = List.of();
    private @Nullable String poolSelector;
    private Map<String, String> labels = Map.of();

    private CniRequest(String node, String namespace, String pod) {
        this.node = Objects.requireNonNull(node, "node");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.pod = Objects.requireNonNull(pod, "pod");
        this.containerId = pod;
    }

    /**
     * A Kubernetes pod on {@code node}: one IPv4 address on {@code eth0}.
     *
     * <pre>{@code
     * CniRequest r = CniRequest.pod("node-1", "default", "web-0").poolSelector("tier == 'web'");
     * }</pre>
     *
     * @param node      the Node the pod runs on
     * @param namespace the pod's namespace
     * @param pod       the pod's name
     * @return the request, to refine
     */
    public static CniRequest pod(String node, String namespace, String pod) {
        return new CniRequest(node, namespace, pod);
    }

    /**
     * The container ID, which names the IPAM handle ({@code k8s-pod-network.<id>}); the pod name by default.
     *
     * @param id the container ID
     * @return this request
     */
    public CniRequest containerId(String id) {
        this.containerId = Objects.requireNonNull(id, "containerId");
        return this;
    }

    /**
     * The interface inside the pod; {@code eth0} by default.
     *
     * @param name the interface name
     * @return this request
     */
    public CniRequest interfaceName(String name) {
        this.interfaceName = Objects.requireNonNull(name, "interfaceName");
        return this;
    }

    /**
     * IPv4 addresses to assign (default 1).
     *
     * @param count 0 or more
     * @return this request
     */
    public CniRequest ipv4(int count) {
        this.ipv4 = count;
        return this;
    }

    /**
     * IPv6 addresses to assign (default 0).
     *
     * @param count 0 or more
     * @return this request
     */
    public CniRequest ipv6(int count) {
        this.ipv6 = count;
        return this;
    }

    /**
     * Take addresses only from these pools (by CIDR), as Calico's pool annotations do.
     *
     * @param cidrs the pools' CIDRs
     * @return this request
     */
    public CniRequest pools(List<Cidr> cidrs) {
        this.pools = List.copyOf(cidrs);
        return this;
    }

    /**
     * Take addresses only from these pools (by name), as Calico's pool annotations also allow
     * ({@code cni.projectcalico.org/ipv4pools: '["pool-a"]'}); together with {@link #pools} and
     * {@link #poolSelector}, any pool one of them names.
     *
     * @param names the pools' names (copied)
     * @return this request
     */
    public CniRequest poolNames(List<String> names) {
        this.poolNames = List.copyOf(names);
        return this;
    }

    /**
     * Take addresses only from the pools whose labels match {@code selector} (Calico's selector language).
     *
     * @param selector a selector over pool labels
     * @return this request
     */
    public CniRequest poolSelector(String selector) {
        this.poolSelector = Objects.requireNonNull(selector, "poolSelector");
        return this;
    }

    /**
     * The pod's labels, given to its WorkloadEndpoint.
     *
     * @param labels the labels
     * @return this request
     */
    public CniRequest labels(Map<String, String> labels) {
        this.labels = Map.copyOf(labels);
        return this;
    }

    /**
     * The Node the pod runs on.
     *
     * @return the node name
     */
    public String node() {
        return node;
    }

    /**
     * The pod's namespace.
     *
     * @return the namespace
     */
    public String namespace() {
        return namespace;
    }

    /**
     * The pod's name.
     *
     * @return the name
     */
    public String pod() {
        return pod;
    }

    /**
     * The container ID.
     *
     * @return the ID (the pod name unless set)
     */
    public String containerId() {
        return containerId;
    }

    /**
     * The interface inside the pod.
     *
     * @return the interface name
     */
    public String interfaceName() {
        return interfaceName;
    }

    /**
     * IPv4 addresses to assign.
     *
     * @return the count
     */
    public int ipv4() {
        return ipv4;
    }

    /**
     * IPv6 addresses to assign.
     *
     * @return the count
     */
    public int ipv6() {
        return ipv6;
    }

    /**
     * The pools to take addresses from.
     *
     * @return their CIDRs, empty for any eligible pool
     */
    public List<Cidr> pools() {
        return pools;
    }

    /** {@return the pools' names set by {@link #poolNames(List)}, empty when none} */
    public List<String> poolNames() {
        return poolNames;
    }

    /**
     * The selector pools must match.
     *
     * @return the selector, or null for any pool
     */
    public @Nullable String poolSelector() {
        return poolSelector;
    }

    /**
     * The pod's labels.
     *
     * @return the labels
     */
    public Map<String, String> labels() {
        return labels;
    }

    /**
     * Calico's IPAM handle for this container.
     *
     * @return {@code k8s-pod-network.<container id>}
     */
    public String handle() {
        return "k8s-pod-network." + containerId;
    }

    @Override
    public String toString() {
        return "pod " + namespace + "/" + pod + " on " + node + " (container " + containerId + ", " + interfaceName + ")";
    }
}
