package org.calico4j.examples.snippets;

// tag::imports[]
import java.nio.file.Path;

import org.calico4j.client.ApplyResult;
import org.calico4j.client.CalicoClient;
import org.calico4j.client.ResourceList;
import org.calico4j.client.Watch;
import org.calico4j.model.EncapsulationMode;
import org.calico4j.model.IpPool;
import org.calico4j.model.manifest.Manifest;
// end::imports[]

/** The README's client snippet. */
public final class ClientSnippet {
    private ClientSnippet() {
    }

    @SuppressWarnings("try")   // the watch is only closed, which javac's lint counts as unused
    // tag::code[]
    static void storeWatchEdit(IpPool pool, Path dir) {
        try (CalicoClient client = CalicoClient.connect("file:" + dir)) {   // or CalicoClient.inMemory()
            IpPool created = client.ipPools().create(pool);            // uid, creationTimestamp, resourceVersion set
            client.ipPools().withName(created.name())
                  .edit(p -> p.editSpec(s -> s.natOutgoing(false).vxlanMode(EncapsulationMode.ALWAYS)));   // retried on conflict
            ResourceList<IpPool> pools = client.ipPools().list("env == 'prod'");
            try (Watch w = client.ipPools().watch(pools.revision(), e -> System.out.println(e.type() + " " + e.object().name()))) {
                ApplyResult result = client.apply(Manifest.read(Path.of("examples/manifests/outbound-cluster.yaml")));
                if (!result.succeeded()) {                             // applied in order, stops at the first failure
                    throw result.failureCause().orElseThrow();
                }
            }
        }
    }
    // end::code[]

    /**
     * Runs the snippet with the quickstart's pool, storing under {@code dir}.
     *
     * @param pool the pool to create
     * @param dir  the file datastore's directory
     */
    public static void run(IpPool pool, Path dir) {
        storeWatchEdit(pool, dir);
    }
}
