/**
 * The records Calico's block-based IPAM keeps in the datastore: {@link org.calico4j.model.ipam.IpamBlock}
 * (libcalico-go's {@code AllocationBlock}), {@link org.calico4j.model.ipam.BlockAffinity},
 * {@link org.calico4j.model.ipam.IpamHandle} and {@link org.calico4j.model.ipam.IpamConfig}, with
 * {@link org.calico4j.model.ipam.IpamJson}, the JSON Calico stores them as under {@code /calico/ipam/v2/}.
 *
 * <pre>{@code
 * IpamBlock b = IpamBlock.empty(Cidr.parse("10.244.1.0/26"), "host:node-1", null, 1L);
 * IpamJson.encode(b);   // {"cidr":"10.244.1.0/26","affinity":"host:node-1",...}
 * }</pre>
 *
 * <p>They are written by {@code client.ipam()}, never by manifests or resource clients.
 */
@NullMarked
package org.calico4j.model.ipam;

import org.jspecify.annotations.NullMarked;
