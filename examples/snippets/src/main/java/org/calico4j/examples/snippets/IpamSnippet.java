package org.calico4j.examples.snippets;

// tag::imports[]
import java.util.List;
import java.util.Map;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.ipam.AutoAssignRequest;
import org.calico4j.client.ipam.Ipam;
import org.calico4j.client.ipam.IpamAssignments;
import org.calico4j.client.ipam.IpamReport;
import org.calico4j.model.net.IpAddress;
// end::imports[]

/** The README's IPAM snippet. */
public final class IpamSnippet {
    private IpamSnippet() {
    }

    /** What the snippet saw, for its test. */
    public record Result(IpamAssignments assigned, List<IpAddress> byHandle, List<IpAddress> released, IpamReport report) {
    }

    // tag::code[]
    static Result allocate(CalicoClient client) {      // with Node node-1 and an IPv4 pool, e.g. the quickstart's
        Ipam ipam = client.ipam();
        IpamAssignments a = ipam.autoAssign(AutoAssignRequest.forHost("node-1").ipv4(1)
                .handle("k8s-pod-network.c0ffee").attributes(Map.of("namespace", "default", "pod", "web-0")));
        List<IpAddress> mine = ipam.ipsByHandle("k8s-pod-network.c0ffee");     // the pod's addresses
        List<IpAddress> freed = ipam.releaseByHandle("k8s-pod-network.c0ffee");
        IpamReport report = ipam.check();             // leaks, addresses in no pool, nodes gone, double allocations
        return new Result(a, mine, freed, report);
    }
    // end::code[]

    /**
     * Runs the snippet.
     *
     * @param client a client with Node node-1 and an IPv4 pool
     * @return what the snippet saw
     */
    public static Result run(CalicoClient client) {
        return allocate(client);
    }
}
