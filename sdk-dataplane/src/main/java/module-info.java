/**
 * Felix-equivalent calculation, the {@code Dataplane} SPI and its in-memory, iptables and eBPF
 * implementations, {@code NodeAgent}, BGP intent and BIRD 2 rendering and control, and the
 * command runner.
 *
 * <pre>{@code
 * module my.app { requires org.calico4j.dataplane; }
 * try (MemoryDataplane dp = new MemoryDataplane("node-1")) { ... }
 * }</pre>
 *
 * <p>Jackson's tree types appear in the API ({@code StateJson}, {@code BirdConfig}); they come
 * with {@code org.calico4j.model}. SLF4J is used for logging only.
 */
@SuppressWarnings("module")   // the qualified export names a module compiled after this one
module org.calico4j.dataplane {
    requires transitive org.calico4j.client;
    requires org.slf4j;

    exports org.calico4j.dataplane;
    exports org.calico4j.dataplane.bgp;
    exports org.calico4j.dataplane.calc;
    exports org.calico4j.dataplane.ebpf;
    exports org.calico4j.dataplane.iptables;
    exports org.calico4j.dataplane.linux;
    exports org.calico4j.dataplane.memory;
    // The testkit's cluster-wide calculation reuses the per-node lookups; not an API.
    exports org.calico4j.dataplane.internal to org.calico4j.testkit;
}
