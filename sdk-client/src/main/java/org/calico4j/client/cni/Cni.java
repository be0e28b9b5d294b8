package org.calico4j.client.cni;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.NotFoundException;
import org.calico4j.client.ipam.AutoAssignRequest;
import org.calico4j.client.ipam.IpamAssignments;
import org.calico4j.client.ipam.IpamException;
import org.calico4j.model.IpPool;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.WorkloadEndpointSpec;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.calico4j.model.selector.Selector;

/**
 * The CNI step as one call: what Calico's CNI plugin does when a pod starts ({@link #add}: assign
 * its addresses from IPAM under handle {@code k8s-pod-network.<container>}, then create its
 * WorkloadEndpoint with Calico's name and interface) and when it stops ({@link #delete}). All or
 * nothing: if the endpoint cannot be created, the addresses are released again. The node must
 * exist (Calico's IPAM reads its labels for pools' node selectors).
 *
 * <pre>{@code
 * WorkloadEndpoint wep = client.cni().add(CniRequest.pod("node-1", "default", "web-0").poolSelector("tier == 'web'"));
 * client.cni().delete(CniRequest.pod("node-1", "default", "web-0"));
 * }</pre>
 *
 * <p>Thread-safe as the client is.
 */
public final class Cni {
    private final CalicoClient client;

    /**
     * The CNI step over {@code client}; {@link CalicoClient#cni()} gives one.
     *
     * @param client the client whose IPAM and WorkloadEndpoints are used
     */
    public Cni(CalicoClient client) {
        this.client = client;
    }

    /**
     * Assigns the pod's addresses and creates its WorkloadEndpoint, all or nothing.
     *
     * @param r the pod, its node, pools and labels
     * @return the endpoint as stored
     * @throws IpamException when the addresses cannot all be assigned (nothing is kept)
     * @throws IllegalArgumentException when a pool selector matches no pool, or a pool name names no pool
     */
    public WorkloadEndpoint add(CniRequest r) {
        AutoAssignRequest ask = AutoAssignRequest.forHost(r.node()).ipv4(r.ipv4()).ipv6(r.ipv6()).handle(r.handle())
                .attributes(Map.of("namespace", r.namespace(), "pod", r.pod(), "node", r.node()));
        List<Cidr> pools = pools(r);
        if (!pools.isEmpty()) {
            ask = ask.ipv4Pools(pools.stream().filter(c -> c.version() == 4).toList())
                    .ipv6Pools(pools.stream().filter(c -> c.version() == 6).toList());
        }
        IpamAssignments got = client.ipam().autoAssign(ask);
        try {
            WorkloadEndpointSpec.Builder spec = WorkloadEndpointSpec.builder().orchestrator("k8s").node(r.node()).pod(r.pod())
                    .endpoint(r.interfaceName()).containerID(r.containerId()).interfaceName(vethName(r.namespace(), r.pod()))
                    .addProfiles("kns." + r.namespace());
            for (IpAddress ip : got.all()) {
                spec.addIpNetworks(ip + (ip.version() == 4 ? "/32" : "/128"));
            }
            Map<String, String> labels = new LinkedHashMap<>(r.labels());
            labels.put("projectcalico.org/namespace", r.namespace());
            labels.put("projectcalico.org/orchestrator", "k8s");
            return client.workloadEndpoints().create(WorkloadEndpoint.builder()
                    .metadata(ObjectMeta.builder().name(endpointName(r)).namespace(r.namespace()).labels(labels).build())
                    .spec(spec.build()).build());
        } catch (RuntimeException e) {
            try {
                client.ipam().releaseByHandle(r.handle());
            } catch (NotFoundException gone) {
                // nothing left to release
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Undoes {@link #add}: deletes the WorkloadEndpoint and releases the handle's addresses.
     *
     * @param r the pod (node, namespace, name and container ID as given to {@code add})
     * @return the addresses released
     */
    public List<IpAddress> delete(CniRequest r) {
        Optional<WorkloadEndpoint> wep = client.workloadEndpoints().inNamespace(r.namespace()).withName(endpointName(r)).get();
        wep.ifPresent(w -> client.workloadEndpoints().inNamespace(r.namespace()).withName(endpointName(r)).delete());
        try {
            return client.ipam().releaseByHandle(r.handle());
        } catch (NotFoundException e) {
            return List.of(); // nothing assigned: CNI's DEL is idempotent
        }
    }

    private List<Cidr> pools(CniRequest r) {
        List<Cidr> out = new ArrayList<>(r.pools());
        for (String name : r.poolNames()) {
            IpPool p = client.ipPools().withName(name).get().orElseThrow(() -> new IllegalArgumentException("no IP pool named '" + name
                    + "' for " + r + " (pools: " + client.ipPools().list().items().stream().map(x -> x.metadata().name()).toList() + ")"));
            p.spec().parsedCidr().ifPresent(out::add);
        }
        if (r.poolSelector() != null) {
            Selector s = Selector.parse(r.poolSelector());
            for (IpPool p : client.ipPools().list().items()) {
                if (s.matches(p.metadata().labels())) {
                    p.spec().parsedCidr().ifPresent(out::add);
                }
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no IP pool matches the pool selector '" + r.poolSelector() + "' for " + r);
            }
        }
        return out;
    }

    /**
     * Calico's WorkloadEndpoint name for a Kubernetes pod: {@code <node>-k8s-<pod>-<interface>},
     * each part with its dashes doubled.
     *
     * @param r the pod
     * @return the endpoint name
     */
    public static String endpointName(CniRequest r) {
        return escape(r.node()) + "-k8s-" + escape(r.pod()) + "-" + escape(r.interfaceName());
    }

    private static String escape(String s) {
        return s.replace("-", "--");
    }

    /**
     * Calico's host-side veth name for a pod: {@code cali} and the first 11 hex digits of SHA-1 of {@code <namespace>.<pod>}.
     *
     * @param namespace the pod's namespace
     * @param pod       the pod's name
     * @return the interface name, 15 characters
     */
    public static String vethName(String namespace, String pod) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-1").digest((namespace + "." + pod).getBytes(StandardCharsets.UTF_8));
            return "cali" + HexFormat.of().formatHex(h).substring(0, 11);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
