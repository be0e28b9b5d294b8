/**
 * What Calico's CNI plugin and calico-node do for a workload and a node, as calls: {@link Cni}
 * assigns a pod's addresses and creates its WorkloadEndpoint (and undoes both);
 * {@link NodeTunnels} gives a node the IPIP and VXLAN tunnel addresses its pools call for.
 */
@NullMarked
package org.calico4j.client.cni;

import org.jspecify.annotations.NullMarked;
