/**
 * The eBPF dataplane: Calico's BPF map layouts ({@code cali_v4_routes}, {@code cali_v4_ip_sets}) encoded
 * in Java, programmed with {@code bpftool}, and a tc program (C under {@code src/main/bpf/}, shipped
 * compiled in the jar) that reads the routes map and marks workload traffic for NAT-outgoing.
 *
 * <pre>{@code
 * try (EbpfDataplane dp = EbpfDataplane.builder("n1").netns("c4j-n1").build()) {
 *     dp.resync(state);
 * }
 * }</pre>
 */
@NullMarked
package org.calico4j.dataplane.ebpf;

import org.jspecify.annotations.NullMarked;
